package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.RedisEndpoint;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis sink connects, batches, bounds what it keeps, and retries. Immutable.
 *
 * <p>Retries: a failed batch is retried with exponential backoff (from {@code initialBackoff},
 * doubling, at most {@code maxBackoff}) for as long as {@code retryTimeout} since its first
 * failure and at most {@code maxAttempts} times (unbounded by default), blocking the writer and
 * so backpressuring the job; only then does the sink fail the task.
 */
public final class RedisSinkConfig implements Serializable {
    private static final long serialVersionUID = 2L;

    private final RedisEndpoint endpoint;
    private final int batchSize;
    private final long maxBufferDelayMillis;
    private final int maxOffersPerCustomer;
    private final long streamMaxLength;
    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final long retryTimeoutMillis;
    private final long dedupGraceMillis;

    private RedisSinkConfig(Builder b) {
        this.endpoint =
                b.endpoint != null ? b.endpoint : RedisEndpoint.of(Objects.requireNonNull(b.uri, "uri"));
        this.batchSize = positive("batchSize", b.batchSize);
        this.maxBufferDelayMillis = notNegative("maxBufferDelay", b.maxBufferDelay.toMillis());
        this.maxOffersPerCustomer = positive("maxOffersPerCustomer", b.maxOffersPerCustomer);
        this.streamMaxLength = positive("streamMaxLength", b.streamMaxLength);
        this.maxAttempts = positive("maxAttempts", b.maxAttempts);
        this.initialBackoffMillis = positive("initialBackoff", b.initialBackoff.toMillis());
        this.maxBackoffMillis =
                Math.max(initialBackoffMillis, positive("maxBackoff", b.maxBackoff.toMillis()));
        this.retryTimeoutMillis = positive("retryTimeout", b.retryTimeout.toMillis());
        this.dedupGraceMillis = positive("dedupGrace", b.dedupGrace.toMillis());
    }

    public static Builder builder(String uri) {
        return new Builder(uri, null);
    }

    public static Builder builder(RedisEndpoint endpoint) {
        return new Builder(null, Objects.requireNonNull(endpoint));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Longest an update waits in the writer's buffer; 0: every update is written at once. */
    public long maxBufferDelayMillis() {
        return maxBufferDelayMillis;
    }

    public int maxOffersPerCustomer() {
        return maxOffersPerCustomer;
    }

    /** Approximate cap of a push channel's stream, over all its shards. */
    public long streamMaxLength() {
        return streamMaxLength;
    }

    /** Approximate cap of one shard of a push stream. */
    public long streamShardMaxLength() {
        return Math.max(1, (streamMaxLength + ContractKeys.SHARDS - 1) / ContractKeys.SHARDS);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long initialBackoffMillis() {
        return initialBackoffMillis;
    }

    public long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    public long retryTimeoutMillis() {
        return retryTimeoutMillis;
    }

    /** How long a dedup marker outlives its message. */
    public long dedupGraceMillis() {
        return dedupGraceMillis;
    }

    @Override
    public String toString() {
        return "RedisSinkConfig{" + endpoint + ", batch " + batchSize + "}";
    }

    private static long notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    private static <N extends Number> N positive(String name, N value) {
        if (value.longValue() <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    /**
     * Default of {@link Builder#maxBufferDelay}: what a lone update at low traffic waits before
     * it is written. Under load batches fill up before it passes (docs/OPERATIONS.md, Latency).
     */
    public static final Duration DEFAULT_MAX_BUFFER_DELAY = Duration.ofMillis(5);

    /** Defaults suit one Redis primary a few milliseconds away. */
    public static final class Builder {
        private final String uri;
        private final RedisEndpoint endpoint;
        private int batchSize = 200;
        private Duration maxBufferDelay = DEFAULT_MAX_BUFFER_DELAY;
        private int maxOffersPerCustomer = 20;
        private long streamMaxLength = 1_000_000L;
        private int maxAttempts = Integer.MAX_VALUE;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration retryTimeout = Duration.ofMinutes(10);
        private Duration dedupGrace = Duration.ofHours(1);

        private Builder(String uri, RedisEndpoint endpoint) {
            this.uri = uri;
            this.endpoint = endpoint;
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

        /** Attempts per batch before the sink fails the task (unbounded by default). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the first retry; doubles on each further one, up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * How long a batch is retried after its first failure before the sink fails the task
         * (and Flink restores from the last checkpoint). Meanwhile the job is backpressured.
         */
        public Builder retryTimeout(Duration retryTimeout) {
            this.retryTimeout = retryTimeout;
            return this;
        }

        /** How long a dedup marker outlives its message (covers clock skew to Redis). */
        public Builder dedupGrace(Duration dedupGrace) {
            this.dedupGrace = dedupGrace;
            return this;
        }

        public RedisSinkConfig build() {
            return new RedisSinkConfig(this);
        }
    }
}
