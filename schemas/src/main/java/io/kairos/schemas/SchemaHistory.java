package io.kairos.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerEventEnvelope;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas that producers may still use, besides the current ones: every schema a
 * Kairos topic ever carried. Decoders resolve an older writer schema against the current reader
 * schema, so a producer that has not upgraded stays readable.
 *
 * <p>The customer event envelope ({@link CustomerEventEnvelope}) embeds the four payload schemas,
 * so every older payload version makes an older envelope: {@link #envelopeSchemas()} builds them
 * from the payload versions kept here, and {@link #store()} knows them too. A new payload version
 * only needs its file here (and a line in the index).
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
        return Parsed.OLD;
    }

    /** Parsed once, on first use: codecs are made per task and per test, the files never change. */
    private static final class Parsed {
        static final List<Schema> OLD = List.copyOf(readOldSchemas());
        static final List<Schema> ENVELOPES = List.copyOf(buildEnvelopeSchemas(OLD));
    }

    private static List<Schema> readOldSchemas() {
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

    /**
     * The payload types of the envelope's union, in its order: what {@link #envelope} takes one
     * version of each of.
     */
    static final List<Schema> PAYLOADS =
            List.of(
                    ClickEvent.getClassSchema(),
                    PurchaseEvent.getClassSchema(),
                    CustomerUpdate.getClassSchema(),
                    OfferResponse.getClassSchema());

    /**
     * The older envelope writer schemas: {@link CustomerEventEnvelope} built with every
     * combination of payload versions (the current one or any in {@link #oldSchemas()}), except
     * the all-current one, which is the generated class's. A producer built on any older payload
     * version wrote one of these; they are few (the product of the versions kept per payload).
     */
    public static List<Schema> envelopeSchemas() {
        return Parsed.ENVELOPES;
    }

    private static List<Schema> buildEnvelopeSchemas(List<Schema> old) {
        List<List<Schema>> versions = new ArrayList<>();
        for (Schema current : PAYLOADS) {
            List<Schema> of = new ArrayList<>();
            of.add(current);
            old.stream().filter(s -> s.getFullName().equals(current.getFullName())).forEach(of::add);
            versions.add(of);
        }
        List<List<Schema>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (List<Schema> of : versions) {
            List<List<Schema>> longer = new ArrayList<>();
            for (List<Schema> prefix : combinations) {
                for (Schema version : of) {
                    List<Schema> next = new ArrayList<>(prefix);
                    next.add(version);
                    longer.add(next);
                }
            }
            combinations = longer;
        }
        long current = SchemaNormalization.parsingFingerprint64(CustomerEventEnvelope.getClassSchema());
        List<Schema> envelopes = new ArrayList<>();
        for (List<Schema> payloads : combinations) {
            Schema envelope = envelope(payloads);
            if (SchemaNormalization.parsingFingerprint64(envelope) != current) {
                envelopes.add(envelope);
            }
        }
        return envelopes;
    }

    /**
     * The envelope record around one version of each payload (ClickEvent, PurchaseEvent,
     * CustomerUpdate, OfferResponse, in that order): the shape of {@link CustomerEventEnvelope}.
     */
    public static Schema envelope(List<Schema> payloads) {
        Schema current = CustomerEventEnvelope.getClassSchema();
        if (payloads.size() != PAYLOADS.size()) {
            throw new IllegalArgumentException("an envelope has " + PAYLOADS.size() + " payload types, got " + payloads.size());
        }
        for (int i = 0; i < payloads.size(); i++) {
            if (!payloads.get(i).getFullName().equals(PAYLOADS.get(i).getFullName())) {
                throw new IllegalArgumentException(
                        "payload " + i + " must be a version of " + PAYLOADS.get(i).getFullName() + ", was "
                                + payloads.get(i).getFullName());
            }
        }
        Schema.Field event = current.getField("event");
        return Schema.createRecord(
                current.getName(),
                current.getDoc(),
                current.getNamespace(),
                false,
                List.of(new Schema.Field(event.name(), Schema.createUnion(payloads), event.doc(), (Object) null)));
    }

    /**
     * A store that knows all old schema versions, payloads and envelopes, keyed by their
     * single-object fingerprint.
     */
    public static SchemaStore.Cache store() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        oldSchemas().forEach(cache::addSchema);
        envelopeSchemas().forEach(cache::addSchema);
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
