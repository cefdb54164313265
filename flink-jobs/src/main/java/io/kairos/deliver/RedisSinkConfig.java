package io.kairos.deliver;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/** How the Redis sink connects, batches, bounds what it keeps, and retries. Immutable. */
public final class RedisSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final int batchSize;
    private final long maxBufferDelayMillis;
    private final int maxOffersPerCustomer;
    private final long streamMaxLength;
    private final int maxAttempts;
    private final long initialBackoffMillis;

    private RedisSinkConfig(Builder b) {
        this.uri = Objects.requireNonNull(b.uri, "uri");
        URI.create(uri); // fail at job build time, not on the task manager
        this.batchSize = positive("batchSize", b.batchSize);
        this.maxBufferDelayMillis = positive("maxBufferDelay", b.maxBufferDelay.toMillis());
        this.maxOffersPerCustomer = positive("maxOffersPerCustomer", b.maxOffersPerCustomer);
        this.streamMaxLength = positive("streamMaxLength", b.streamMaxLength);
        this.maxAttempts = positive("maxAttempts", b.maxAttempts);
        this.initialBackoffMillis = positive("initialBackoff", b.initialBackoff.toMillis());
    }

    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    public String uri() {
        return uri;
    }

    public int batchSize() {
        return batchSize;
    }

    public long maxBufferDelayMillis() {
        return maxBufferDelayMillis;
    }

    public int maxOffersPerCustomer() {
        return maxOffersPerCustomer;
    }

    public long streamMaxLength() {
        return streamMaxLength;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long initialBackoffMillis() {
        return initialBackoffMillis;
    }

    private static <N extends Number> N positive(String name, N value) {
        if (value.longValue() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /** Defaults suit one Redis primary a few milliseconds away. */
    public static final class Builder {
        private final String uri;
        private int batchSize = 200;
        private Duration maxBufferDelay = Duration.ofMillis(50);
        private int maxOffersPerCustomer = 20;
        private long streamMaxLength = 1_000_000L;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(100);

        private Builder(String uri) {
            this.uri = uri;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maxBufferDelay(Duration maxBufferDelay) {
            this.maxBufferDelay = maxBufferDelay;
            return this;
        }

        public Builder maxOffersPerCustomer(int maxOffersPerCustomer) {
            this.maxOffersPerCustomer = maxOffersPerCustomer;
            return this;
        }

        public Builder streamMaxLength(long streamMaxLength) {
            this.streamMaxLength = streamMaxLength;
            return this;
        }

        /** Attempts per batch before the sink fails the task (and Flink restores and replays). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the first retry; doubles on each further one. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public RedisSinkConfig build() {
            return new RedisSinkConfig(this);
        }
    }
}
