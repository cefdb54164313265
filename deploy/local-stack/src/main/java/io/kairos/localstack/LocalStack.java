package io.kairos.localstack;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Kafka and Redis as their own processes with their data in one directory: a KRaft broker in its
 * own JVM ({@code <dir>/kafka}) and a redis-server with an fsynced append-only file ({@code
 * <dir>/redis}). Started again on the same directory, both have the data they had. What {@code
 * ./kairos stack} runs and what the fault tests kill, stop and start again.
 */
public final class LocalStack implements AutoCloseable {
    private final KafkaBrokerProcess kafka;
    private final RedisServer redis;

    private LocalStack(KafkaBrokerProcess kafka, RedisServer redis) {
        this.kafka = kafka;
        this.redis = redis;
    }

    /** The ports of a stack; 0 picks a free one. */
    public record Ports(int kafka, int kafkaController, int redis) {
        public Ports resolved() throws IOException {
            return new Ports(orFree(kafka), orFree(kafkaController), orFree(redis));
        }

        private static int orFree(int port) throws IOException {
            return port == 0 ? RedisServer.freePort() : port;
        }
    }

    /** Starts Redis, then Kafka; if Kafka does not come up, Redis is stopped again. */
    public static LocalStack start(Path dir, Ports ports) throws IOException {
        Ports p = ports.resolved();
        RedisServer redis = RedisServer.startIn(dir.resolve("redis"), p.redis());
        try {
            return new LocalStack(KafkaBrokerProcess.start(dir.resolve("kafka"), p.kafka(), p.kafkaController()), redis);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public RedisServer redis() {
        return redis;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String redisUri() {
        return redis.uri();
    }

    public Ports ports() {
        return new Ports(kafka.port(), kafka.controllerPort(), redis.port());
    }

    /** Stops Kafka (clean shutdown) and Redis (its file flushed); the data stays. */
    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            redis.close();
        }
    }
}
