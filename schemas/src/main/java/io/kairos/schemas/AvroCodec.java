package io.kairos.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (header {@code C3 01}, 8-byte schema fingerprint, binary body) for
 * one generated record type. {@link #decode} never throws: bad bytes become a {@link
 * DecodeResult} error with a reason a person can act on, so that a stream processor can route
 * them to a dead-letter topic instead of failing.
 *
 * <p>Instances are thread-safe (Avro keeps per-thread buffers) but not serializable: create one
 * per task, in {@code open()}.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private final Class<T> type;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type, SchemaStore history) {
        this.type = type;
        SpecificData model = new SpecificData(type.getClassLoader());
        Schema schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, history);
    }

    /** A codec that reads the current schema of {@code type} and every version in the history. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type, SchemaHistory.store());
    }

    /** A codec that resolves unknown fingerprints through the given store (a registry, say). */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type, SchemaStore store) {
        return new AvroCodec<>(type, store);
    }

    /** Registers one more writer schema, e.g. an old version found elsewhere. */
    public void addWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public DecodeResult<T> decode(byte[] bytes) {
        String name = type.getSimpleName();
        if (bytes == null) {
            return DecodeResult.error("no value (null) where a " + name + " was expected");
        }
        if (bytes.length == 0) {
            return DecodeResult.error("empty value where a " + name + " was expected");
        }
        try {
            return DecodeResult.ok(decoder.decode(bytes));
        } catch (BadHeaderException e) {
            return DecodeResult.error(
                    "not Avro single-object encoding (no C3 01 header) for " + name + ": "
                            + e.getMessage());
        } catch (MissingSchemaException e) {
            return DecodeResult.error(
                    "unknown writer schema for " + name + " (" + e.getMessage()
                            + "); is the producer on a schema this job does not know?");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            return DecodeResult.error(
                    "malformed " + name + " body: " + e.getClass().getSimpleName() + ": "
                            + e.getMessage());
        } catch (RuntimeException e) {
            // Avro reports some corruptions (huge lengths, bad enum index) with plain runtime
            // exceptions; a record we cannot read is still a dead letter, not a job failure.
            return DecodeResult.error(
                    "unreadable " + name + ": " + e.getClass().getSimpleName() + ": "
                            + e.getMessage());
        }
    }
}
