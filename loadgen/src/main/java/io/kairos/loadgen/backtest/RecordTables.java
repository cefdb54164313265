package io.kairos.loadgen.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * Rows (profiles, signals, decisions) as {@code name.jsonl}, one JSON object a line with the
 * values typed, and {@code name.csv} with a header of every field seen, nested values (lists,
 * records) as JSON text in their cell.
 */
final class RecordTables {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private RecordTables() {}

    /**
     * Writes both files; returns their paths (JSONL first). The CSV's columns are {@code columns}
     * (so that a table without rows still has its header), then any other field a row has.
     */
    static List<Path> write(Path dir, String name, List<String> columns, List<Map<String, Object>> rows)
            throws IOException {
        Path jsonl = dir.resolve(name + ".jsonl");
        try (Writer out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (Map<String, Object> row : rows) {
                out.write(JSON.writeValueAsString(row));
                out.write('\n');
            }
        }
        Set<String> header = new LinkedHashSet<>(columns);
        rows.forEach(r -> header.addAll(r.keySet()));
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        header.forEach(schema::addColumn);
        Path csv = dir.resolve(name + ".csv");
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             SequenceWriter writer = CSV.writer(schema.build()).writeValues(out)) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> cells = new LinkedHashMap<>();
                for (String c : header) {
                    cells.put(c, cell(row.get(c)));
                }
                writer.write(cells);
            }
        }
        return List.of(jsonl, csv);
    }

    private static Object cell(Object value) throws IOException {
        return value instanceof Collection<?> || value instanceof Map<?, ?> ? JSON.writeValueAsString(value) : value;
    }

    /** The field names of a record type, in schema order. */
    static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    /** An Avro record as a map of plain values: strings, numbers, booleans, lists, maps. */
    static Map<String, Object> fromAvro(IndexedRecord record) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            row.put(f.name(), plain(record.get(f.pos())));
        }
        return row;
    }

    private static Object plain(Object value) {
        if (value instanceof IndexedRecord r) {
            return fromAvro(r);
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericContainer) {
            return value.toString();
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k.toString(), plain(v)));
            return out;
        }
        return value;
    }

    /**
     * A Redis hash of a record (all values text) typed by the record's Avro schema: numbers and
     * booleans as such, JSON arrays as lists; a field the schema does not know stays text.
     */
    static Map<String, Object> typed(Map<String, String> hash, Schema schema) throws IOException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Schema.Field f : schema.getFields()) {
            String text = hash.get(f.name());
            if (text != null) {
                row.put(f.name(), parse(text, nonNull(f.schema())));
            }
        }
        hash.forEach(row::putIfAbsent);
        return row;
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s);
        }
        return s;
    }

    private static Object parse(String text, Schema type) throws IOException {
        try {
            return switch (type.getType()) {
                case INT, LONG -> Long.parseLong(text);
                case FLOAT, DOUBLE -> Double.parseDouble(text);
                case BOOLEAN -> Boolean.parseBoolean(text);
                case ARRAY, MAP -> JSON.readValue(text, Object.class);
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text; // shown as stored rather than dropped
        }
    }
}
