package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Publishes what the engine knows and decides to Redis, where the delivery channels read it
 * (contract v3, {@link ContractKeys}): messages, customer profiles, forgets, the movement matrix.
 *
 * <p>At-least-once from Flink's side (the writer flushes its buffer before every checkpoint
 * barrier), and effectively exactly-once in Redis: writes are idempotent per message id, and
 * message ids are deterministic, profiles only replace older ones and movement counts only go
 * up, so what Flink replays after a restore changes nothing.
 */
public final class RedisSink implements Sink<RedisUpdate> {
    private static final long serialVersionUID = 1L;

    private final RedisSinkConfig config;

    public RedisSink(RedisSinkConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<RedisUpdate> createWriter(WriterInitContext context)
            throws IOException {
        return new RedisUpdateWriter(
                config,
                new RedisStore(config),
                context.getProcessingTimeService(),
                context.metricGroup());
    }
}
