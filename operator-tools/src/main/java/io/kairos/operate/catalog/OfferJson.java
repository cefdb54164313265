package io.kairos.operate.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.events.OfferCatalogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The offer catalog as people write it: one JSON object per offer with the field names of
 * {@code OfferCatalogEntry.avsc} and plain JSON values (no Avro union wrappers), enums by name,
 * {@code validFrom}/{@code validUntil}/{@code updatedAt} as epoch ms, ISO-8601 instants or dates
 * (midnight UTC), {@code cooldownMs} as ms or an ISO-8601 duration ({@code "P7D"}). A file holds
 * a JSON array of offers or one offer per line (JSON lines).
 *
 * <p>The conversion follows the Avro schema, so a field added to the schema is read and written
 * without a change here. Omitted fields take the schema's default; a field without a default is
 * required. What cannot be converted is reported with the offer and the field, never guessed.
 * Writing leaves out fields that hold their default, so an exported offer shows what is set.
 */
public final class OfferJson {
    private static final Schema SCHEMA = OfferCatalogEntry.getClassSchema();
    private static final SpecificData MODEL = SpecificData.getForClass(OfferCatalogEntry.class);
    /** Epoch-ms fields that also take ISO-8601 instants and dates, and are written as instants. */
    private static final Set<String> INSTANTS = Set.of("validFrom", "validUntil", "updatedAt");
    /** Millisecond durations that also take ISO-8601 durations, and are written as them. */
    private static final Set<String> DURATIONS = Set.of("cooldownMs");

    private static final long DAY_MS = 86_400_000L;
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private OfferJson() {}

    /** An offer that could not be converted, with every reason (field by field). */
    public static final class InvalidOfferException extends Exception {
        private final List<String> problems;

        InvalidOfferException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** An offer read from a file, and where it was ({@code file:line}). */
    public record Located(String where, OfferCatalogEntry entry) {}

    /** What a file held: the offers that converted, and a line per problem with its place. */
    public record ReadResult(List<Located> offers, List<String> problems) {}

    /** The names of the fields an offer may have, in schema order. */
    public static List<String> fieldNames() {
        return SCHEMA.getFields().stream().map(Schema.Field::name).toList();
    }

    public static ReadResult read(Path file) throws IOException {
        return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Reads a JSON array of offers, or JSON objects one after another (JSON lines). Each problem
     * starts with {@code source:line} and, if the object names one, the offer id.
     */
    public static ReadResult read(String source, String text) {
        List<Located> offers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            while (t != null && t != JsonToken.END_ARRAY) {
                String where = source + ":" + p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    problems.add(where + ": expected an offer (a JSON object), found " + p.getText());
                    p.skipChildren();
                } else {
                    JsonNode node = MAPPER.readTree(p);
                    try {
                        offers.add(new Located(where, fromJson(node)));
                    } catch (InvalidOfferException e) {
                        String offer = node.path("offerId").isTextual()
                                ? " offer " + node.get("offerId").asText() + ":"
                                : "";
                        e.problems().forEach(problem -> problems.add(where + ":" + offer + " " + problem));
                    }
                }
                t = p.nextToken();
            }
            if (array && p.nextToken() != null) {
                problems.add(source + ":" + p.currentTokenLocation().getLineNr()
                        + ": more after the array's closing ]");
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(source + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(source + ": cannot read: " + e.getMessage());
        }
        return new ReadResult(offers, problems);
    }

    /** One offer from its JSON object; every problem with it at once. */
    public static OfferCatalogEntry fromJson(JsonNode node) throws InvalidOfferException {
        if (!node.isObject()) {
            throw new InvalidOfferException(List.of("an offer must be a JSON object, was " + node));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (SCHEMA.getField(name) == null) {
                problems.add("unknown field '" + name + "'; known fields: " + fieldNames());
            }
        }
        OfferCatalogEntry entry = new OfferCatalogEntry();
        for (Schema.Field field : SCHEMA.getFields()) {
            JsonNode value = node.get(field.name());
            if (value == null) {
                if (field.hasDefaultValue()) {
                    entry.put(field.pos(), MODEL.deepCopy(field.schema(), MODEL.getDefaultValue(field)));
                } else {
                    problems.add("missing required field '" + field.name() + "'");
                }
                continue;
            }
            try {
                entry.put(field.pos(), convert(field.name(), field.name(), field.schema(), value));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidOfferException(problems);
        }
        return entry;
    }

    private static Object convert(String field, String path, Schema schema, JsonNode v) {
        switch (schema.getType()) {
            case UNION: {
                if (v.isNull() && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL)) {
                    return null;
                }
                Schema branch = schema.getTypes().stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow();
                return convert(field, path, branch, v);
            }
            case STRING:
                if (v.isTextual()) {
                    return v.textValue();
                }
                throw wrong(path, "a string", v);
            case BOOLEAN:
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                throw wrong(path, "true or false", v);
            case DOUBLE:
            case FLOAT:
                if (v.isNumber()) {
                    return schema.getType() == Schema.Type.FLOAT ? (Object) v.floatValue() : v.doubleValue();
                }
                throw wrong(path, "a number", v);
            case INT:
                if (v.isIntegralNumber() && v.canConvertToInt()) {
                    return v.intValue();
                }
                throw wrong(path, "a whole number", v);
            case LONG:
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return v.longValue();
                }
                if (INSTANTS.contains(field)) {
                    if (v.isTextual()) {
                        return epochMillis(path, v.textValue());
                    }
                    throw wrong(path, "epoch milliseconds or an ISO-8601 instant like 2026-12-24T00:00:00Z", v);
                }
                if (DURATIONS.contains(field)) {
                    if (v.isTextual()) {
                        return durationMillis(path, v.textValue());
                    }
                    throw wrong(path, "milliseconds or an ISO-8601 duration like P7D or PT12H", v);
                }
                throw wrong(path, "a whole number", v);
            case ENUM:
                if (v.isTextual() && schema.getEnumSymbols().contains(v.textValue())) {
                    return MODEL.createEnum(v.textValue(), schema);
                }
                throw wrong(path, "one of " + schema.getEnumSymbols(), v);
            case ARRAY: {
                if (!v.isArray()) {
                    throw wrong(path, "a JSON array", v);
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    items.add(convert(field, path + "[" + i + "]", schema.getElementType(), v.get(i)));
                }
                return items;
            }
            default:
                throw new IllegalArgumentException(
                        "field '" + path + "' has Avro type " + schema.getType() + ", which this reader does not handle");
        }
    }

    private static IllegalArgumentException wrong(String path, String expected, JsonNode v) {
        return new IllegalArgumentException("field '" + path + "' must be " + expected + ", was " + v);
    }

    private static long epochMillis(String path, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("field '" + path + "' must be epoch milliseconds, an ISO-8601"
                    + " instant like 2026-12-24T00:00:00Z or a date like 2026-12-24, was \"" + text + "\"");
        }
    }

    private static long durationMillis(String path, String text) {
        try {
            return Duration.parse(text).toMillis();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("field '" + path
                    + "' must be milliseconds or an ISO-8601 duration like P7D or PT12H, was \"" + text + "\"");
        }
    }

    /** The offer as a JSON object; fields holding their schema default are left out. */
    public static ObjectNode toJson(OfferCatalogEntry entry) {
        ObjectNode o = MAPPER.createObjectNode();
        for (Schema.Field field : SCHEMA.getFields()) {
            Object value = entry.get(field.pos());
            if (value == null
                    || (field.hasDefaultValue() && Objects.equals(value, MODEL.getDefaultValue(field)))) {
                continue;
            }
            String name = field.name();
            if (INSTANTS.contains(name)) {
                o.put(name, Instant.ofEpochMilli((Long) value).toString());
            } else if (DURATIONS.contains(name)) {
                o.put(name, isoDuration((Long) value));
            } else {
                o.set(name, toNode(value));
            }
        }
        return o;
    }

    private static JsonNode toNode(Object value) {
        if (value instanceof Collection<?> items) {
            ArrayNode a = MAPPER.createArrayNode();
            items.forEach(item -> a.add(toNode(item)));
            return a;
        }
        if (value instanceof Enum<?> e) {
            return MAPPER.getNodeFactory().textNode(e.name());
        }
        if (value instanceof CharSequence s) {
            return MAPPER.getNodeFactory().textNode(s.toString());
        }
        return MAPPER.valueToTree(value);
    }

    /** {@code P7D} for whole days, else {@link Duration#toString()} ({@code PT30M}). */
    static String isoDuration(long millis) {
        if (millis % DAY_MS == 0) {
            return "P" + millis / DAY_MS + "D";
        }
        return Duration.ofMillis(millis).toString();
    }

    /**
     * The offers as a JSON array, an offer's fields one per line and its lists on one line: what
     * {@link #read} reads back, and easy to edit and diff.
     */
    public static String toJsonArray(Collection<OfferCatalogEntry> entries) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        StringBuilder out = new StringBuilder("[");
        String separator = "\n";
        for (OfferCatalogEntry e : entries) {
            try {
                String offer = MAPPER.writer(printer).writeValueAsString(toJson(e));
                out.append(separator).append("  ").append(offer.replace("\n", "\n  "));
            } catch (JsonProcessingException x) {
                throw new IllegalStateException("cannot write offer " + e.getOfferId() + " as JSON", x);
            }
            separator = ",\n";
        }
        return out.append("\n]\n").toString();
    }
}
