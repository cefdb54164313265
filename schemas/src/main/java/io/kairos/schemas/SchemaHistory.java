package io.kairos.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas that producers may still use, besides the current ones: every schema a
 * Kairos topic ever carried. Decoders resolve an older writer schema against the current reader
 * schema, so a producer that has not upgraded stays readable.
 *
 * <p>This is the seam where a schema registry would plug in: {@link #store()} returns a plain
 * Avro {@link SchemaStore}, and a registry-backed store can replace it without touching callers.
 */
public final class SchemaHistory {
    private static final String DIR = "/io/kairos/schemas/history/";
    private static final String INDEX = DIR + "index.txt";

    private SchemaHistory() {}

    /** Old schema versions, in the order the index lists them. */
    public static List<Schema> oldSchemas() {
        List<Schema> schemas = new ArrayList<>();
        for (String name : readIndex()) {
            try (InputStream in = SchemaHistory.class.getResourceAsStream(DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("schema history lists missing file " + name);
                }
                schemas.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read old schema " + name, e);
            }
        }
        return schemas;
    }

    /** A store that knows all old schema versions, keyed by their single-object fingerprint. */
    public static SchemaStore.Cache store() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        oldSchemas().forEach(cache::addSchema);
        return cache;
    }

    private static List<String> readIndex() {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(INDEX)) {
            if (in == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }
}
