package io.kairos.schemas;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerEventEnvelope;
import io.kairos.events.CustomerSignal;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.DeadLetter;
import io.kairos.events.Decision;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferFeedback;
import io.kairos.events.OfferResponse;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ProfileSnapshot;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The value format of the customer event topic: one {@link CustomerEventEnvelope} whose {@code
 * event} is a {@link ClickEvent}, {@link PurchaseEvent}, {@link CustomerUpdate} or {@link
 * OfferResponse}, Avro single-object encoded (see {@link AvroCodec}).
 *
 * <p>{@link #decode} never throws and reads, by the record's schema fingerprint:
 *
 * <ul>
 *   <li>an envelope of the current schema, or of an older one (an older payload version inside,
 *       see {@link SchemaHistory#envelopeSchemas()}), resolved to the current payload classes;
 *   <li>a bare payload (a single-object encoded ClickEvent, ..., current or older), as the four
 *       per-kind topics carried before there was one topic. Its fingerprint names its type, so it
 *       is as unambiguous as an envelope; this lets an operator list an old topic as an extra
 *       input while its producers move over.
 * </ul>
 *
 * <p>Anything else is an error whose reason says what was found and what is expected. Instances
 * are thread-safe but not serializable: create one per task, in {@code open()}.
 */
public final class CustomerEventCodec {
    /** What is expected, for error messages. */
    static final String EXPECTED =
            "expected a CustomerEventEnvelope (or a bare ClickEvent, PurchaseEvent, CustomerUpdate or"
                    + " OfferResponse), Avro single-object encoded";

    private static final int HEADER_LENGTH = 10;
    private static final String ENVELOPE_NAME = CustomerEventEnvelope.getClassSchema().getFullName();

    /** The four kinds of customer event: the branches of the envelope's union. */
    public enum Kind {
        CLICK(ClickEvent.class, "click"),
        PURCHASE(PurchaseEvent.class, "purchase"),
        CUSTOMER_UPDATE(CustomerUpdate.class, "customer-update"),
        OFFER_RESPONSE(OfferResponse.class, "offer-response");

        private final Class<? extends SpecificRecord> type;
        private final String label;

        Kind(Class<? extends SpecificRecord> type, String label) {
            this.type = type;
            this.label = label;
        }

        public Class<? extends SpecificRecord> type() {
            return type;
        }

        /** A short lower-case name for metrics, logs and counts: click, purchase, ... */
        public String label() {
            return label;
        }

        /** The kind of a payload; an {@link IllegalArgumentException} for anything else. */
        public static Kind of(Object event) {
            if (event instanceof ClickEvent) {
                return CLICK;
            } else if (event instanceof PurchaseEvent) {
                return PURCHASE;
            } else if (event instanceof CustomerUpdate) {
                return CUSTOMER_UPDATE;
            } else if (event instanceof OfferResponse) {
                return OFFER_RESPONSE;
            }
            throw new IllegalArgumentException(
                    "not a customer event: " + (event == null ? "null" : event.getClass().getName())
                            + "; a CustomerEventEnvelope carries a ClickEvent, PurchaseEvent, CustomerUpdate"
                            + " or OfferResponse");
        }
    }

    private final BinaryMessageEncoder<CustomerEventEnvelope> encoder;
    private final BinaryMessageDecoder<CustomerEventEnvelope> envelopes;
    private final Map<Kind, BinaryMessageDecoder<? extends SpecificRecord>> bare = new EnumMap<>(Kind.class);
    /** Fingerprints of every payload version (current and old), to the kind they are. */
    private final Map<Long, Kind> bareFingerprints = new HashMap<>();
    /** Fingerprints of other Kairos records, to their names: a wrong type is named, not "unknown". */
    private final Map<Long, String> otherTypes = new HashMap<>();
    private final SchemaStore store;

    private CustomerEventCodec(SchemaStore store) {
        this.store = store;
        SpecificData model = new SpecificData(CustomerEventCodec.class.getClassLoader());
        Schema envelope = CustomerEventEnvelope.getClassSchema();
        this.encoder = new BinaryMessageEncoder<>(model, envelope);
        this.envelopes = new BinaryMessageDecoder<>(model, envelope, store);
        for (Kind kind : Kind.values()) {
            Schema schema = model.getSchema(kind.type);
            bare.put(kind, new BinaryMessageDecoder<>(model, schema, store));
            bareFingerprints.put(SchemaNormalization.parsingFingerprint64(schema), kind);
        }
        for (Schema old : SchemaHistory.oldSchemas()) {
            for (Kind kind : Kind.values()) {
                if (old.getFullName().equals(kind.type.getName())) {
                    bareFingerprints.put(SchemaNormalization.parsingFingerprint64(old), kind);
                }
            }
        }
        for (Schema other :
                List.of(
                        OfferCatalogEntry.getClassSchema(),
                        CustomerSignal.getClassSchema(),
                        Decision.getClassSchema(),
                        DeadLetter.getClassSchema(),
                        OfferFeedback.getClassSchema(),
                        PersonalizedMessage.getClassSchema(),
                        ProfileSnapshot.getClassSchema(),
                        RecordedEvent.getClassSchema())) {
            otherTypes.put(SchemaNormalization.parsingFingerprint64(other), other.getName());
        }
    }

    /** A codec that reads the current envelope and payloads and every version in the history. */
    public static CustomerEventCodec create() {
        return new CustomerEventCodec(SchemaHistory.store());
    }

    /** A codec that resolves unknown fingerprints through the given store (a registry, say). */
    public static CustomerEventCodec create(SchemaStore store) {
        return new CustomerEventCodec(store);
    }

    /**
     * The event in an envelope, single-object encoded.
     *
     * @throws IllegalArgumentException when {@code event} is not one of the four payload types
     */
    public byte[] encode(SpecificRecord event) {
        Kind.of(event);
        try {
            ByteBuffer buffer = encoder.encode(CustomerEventEnvelope.newBuilder().setEvent(event).build());
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * The payload of an envelope (or a bare payload), as the current generated class; or why
     * there is none. Never throws.
     */
    public DecodeResult<SpecificRecord> decode(byte[] bytes) {
        if (bytes == null) {
            return DecodeResult.error("no value (null); " + EXPECTED);
        }
        if (bytes.length == 0) {
            return DecodeResult.error("empty value; " + EXPECTED);
        }
        if (bytes.length < 2 || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            return DecodeResult.error("not Avro single-object encoding (no C3 01 header); " + EXPECTED);
        }
        if (bytes.length < HEADER_LENGTH) {
            return DecodeResult.error(
                    "cut short: " + bytes.length + " bytes, less than the C3 01 header and 8-byte schema"
                            + " fingerprint; " + EXPECTED);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String what = "CustomerEventEnvelope";
        try {
            Kind bareKind = bareFingerprints.get(fingerprint);
            Schema known = null;
            if (bareKind == null) {
                // A version only the store knows (a registry): a payload, an envelope, or neither.
                known = store.findByFingerprint(fingerprint);
                bareKind = kindNamed(known);
            }
            if (bareKind != null) {
                what = bareKind.type.getSimpleName();
                return DecodeResult.ok(bare.get(bareKind).decode(bytes));
            }
            String wrongType = otherTypes.get(fingerprint);
            if (wrongType == null && known != null && !known.getFullName().equals(ENVELOPE_NAME)) {
                wrongType = known.getName();
            }
            if (wrongType != null) {
                return DecodeResult.error("wrong type: " + wrongType + " is not a customer event; " + EXPECTED);
            }
            Object event = envelopes.decode(bytes).getEvent();
            if (!(event instanceof SpecificRecord)) {
                return DecodeResult.error("envelope without an event; " + EXPECTED);
            }
            return DecodeResult.ok((SpecificRecord) event);
        } catch (MissingSchemaException e) {
            return DecodeResult.error(
                    "unknown writer schema (" + e.getMessage() + "); " + EXPECTED
                            + " with a schema this job knows (is the producer on a newer or foreign schema?)");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            return DecodeResult.error(
                    "malformed " + what + " body: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Avro reports some corruptions (huge lengths, bad enum index) with plain runtime
            // exceptions; a record we cannot read is still a dead letter, not a job failure.
            return DecodeResult.error(
                    "unreadable " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The kind whose payload type a schema (from the store) is a version of, or null. */
    private static Kind kindNamed(Schema schema) {
        if (schema != null) {
            for (Kind kind : Kind.values()) {
                if (schema.getFullName().equals(kind.type.getName())) {
                    return kind;
                }
            }
        }
        return null;
    }
}
