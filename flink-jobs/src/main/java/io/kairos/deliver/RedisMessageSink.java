package io.kairos.deliver;

import io.kairos.events.PersonalizedMessage;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Publishes personalized messages to Redis where the delivery channels read them (contract v1,
 * {@link RedisKeys}).
 *
 * <p>At-least-once from Flink's side (the writer flushes its buffer before every checkpoint
 * barrier), and effectively exactly-once in Redis: writes are idempotent per message id, and
 * message ids are deterministic, so what Flink replays after a restore changes nothing.
 */
public final class RedisMessageSink implements Sink<PersonalizedMessage> {
    private static final long serialVersionUID = 1L;

    private final RedisSinkConfig config;

    public RedisMessageSink(RedisSinkConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<PersonalizedMessage> createWriter(WriterInitContext context)
            throws IOException {
        return new RedisMessageWriter(
                config,
                new RedisMessageStore(config),
                context.getProcessingTimeService(),
                context.metricGroup());
    }
}
