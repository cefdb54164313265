package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the Redis sink ({@code kairos.redis.*}): the connection (cluster, user, password,
 * TLS), batching, limits of the contract's keys, and how outages are ridden out. Part of {@link
 * KairosOptions}; the contract is docs/REDIS-CONTRACT.md.
 */
public final class RedisOptions {
    public static final ConfigOption<String> REDIS_URI =
            key("kairos.redis.uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Redis URI, redis://[user:password@]host:port[/db]. Required.");

    public static final ConfigOption<Integer> REDIS_BATCH_SIZE =
            key("kairos.redis.batch-size")
                    .intType()
                    .defaultValue(200)
                    .withDescription("Messages per Redis pipeline round trip.");

    public static final ConfigOption<Duration> REDIS_MAX_BUFFER_DELAY =
            key("kairos.redis.max-buffer-delay")
                    .durationType()
                    .defaultValue(io.kairos.deliver.RedisSinkConfig.DEFAULT_MAX_BUFFER_DELAY)
                    .withDescription(
                            "Longest an update waits in the sink's buffer before it is written: bounds"
                                    + " latency when traffic is light (under load batches fill first);"
                                    + " 0 writes every update at once, one round trip each.");

    public static final ConfigOption<Integer> REDIS_MAX_OFFERS_PER_CUSTOMER =
            key("kairos.redis.max-offers-per-customer")
                    .intType()
                    .defaultValue(20)
                    .withDescription(
                            "Most offers kept in a customer's offer list; the lowest-scored give way.");

    public static final ConfigOption<Long> REDIS_STREAM_MAX_LENGTH =
            key("kairos.redis.stream-max-length")
                    .longType()
                    .defaultValue(1_000_000L)
                    .withDescription(
                            "Approximate cap on each push channel's stream (XADD MAXLEN ~): a"
                                    + " consumer further behind than this loses the oldest entries.");

    public static final ConfigOption<Boolean> REDIS_CLUSTER =
            key("kairos.redis.cluster")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether kairos.redis.uri names a seed node of a Redis Cluster.");

    public static final ConfigOption<String> REDIS_USER =
            key("kairos.redis.user")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Redis ACL user (wins over a user in the URI).");

    public static final ConfigOption<String> REDIS_PASSWORD =
            key("kairos.redis.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Redis password; best from the environment (KAIROS_REDIS_PASSWORD) or"
                                    + " kairos.redis.password-file. Never logged.");

    public static final ConfigOption<String> REDIS_PASSWORD_FILE =
            key("kairos.redis.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the Redis password (e.g. a mounted secret), read by each"
                                    + " task when it connects.");

    public static final ConfigOption<String> REDIS_TRUSTSTORE =
            key("kairos.redis.tls.truststore")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Trust store (JKS/PKCS12) for a rediss:// URI; the JVM's default if unset.");

    public static final ConfigOption<String> REDIS_TRUSTSTORE_PASSWORD =
            key("kairos.redis.tls.truststore-password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password of the trust store. Never logged.");

    public static final ConfigOption<Duration> REDIS_TIMEOUT =
            key("kairos.redis.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Connect and socket timeout of Redis calls.");

    public static final ConfigOption<Duration> REDIS_RETRY_TIMEOUT =
            key("kairos.redis.retry-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long the sink retries a failed batch (blocking, so the job is"
                                    + " backpressured) before it fails the task and Flink restores"
                                    + " from the last checkpoint.");

    public static final ConfigOption<Duration> REDIS_MAX_BACKOFF =
            key("kairos.redis.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Longest wait between two retries of a batch.");

    public static final ConfigOption<Duration> REDIS_DEDUP_GRACE =
            key("kairos.redis.dedup-grace")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How long a message's dedup marker outlives the message (covers clock"
                                    + " skew between the job and Redis).");

    private RedisOptions() {}
}
