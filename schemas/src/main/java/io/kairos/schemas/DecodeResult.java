package io.kairos.schemas;

import java.util.Objects;

/** The outcome of decoding one Kafka value: either the record or the reason it is unusable. */
public final class DecodeResult<T> {
    private final T value;
    private final String error;

    private DecodeResult(T value, String error) {
        this.value = value;
        this.error = error;
    }

    public static <T> DecodeResult<T> ok(T value) {
        return new DecodeResult<>(Objects.requireNonNull(value), null);
    }

    public static <T> DecodeResult<T> error(String reason) {
        return new DecodeResult<>(null, Objects.requireNonNull(reason));
    }

    public boolean isOk() {
        return error == null;
    }

    /** The decoded record; only when {@link #isOk()}. */
    public T value() {
        if (error != null) {
            throw new IllegalStateException("no value, decoding failed: " + error);
        }
        return value;
    }

    /** Why decoding failed; only when not {@link #isOk()}. */
    public String error() {
        if (error == null) {
            throw new IllegalStateException("decoding succeeded, there is no error");
        }
        return error;
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + value + ")" : "error(" + error + ")";
    }
}
