package io.kairos.loadgen.replay;

import io.kairos.channel.KafkaBytes;
import io.kairos.operate.ClockTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A replay's Kafka side: an idempotent producer (so a retry cannot reorder one partition, and
 * with it one customer's events) and, at the end, the {@link ClockTicker}. The Kafka timestamp is
 * the producer's now, not the event time: brokers reject records stamped too far ahead and
 * retention would drop ones stamped in the past; the job reads the event time from the event.
 */
public final class KafkaReplaySink implements Replayer.Sink, AutoCloseable {
    private final String bootstrapServers;
    private final Map<String, String> overrides;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    /** {@code producerOverrides} are Kafka producer settings (e.g. security) that win. */
    public KafkaReplaySink(String bootstrapServers, Map<String, String> producerOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.overrides = Map.copyOf(producerOverrides);
        this.producer = KafkaBytes.producer(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.CLIENT_ID_CONFIG, "kairos-replay",
                // A missing topic should fail the replay soon, not after the default minute per send.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"), producerOverrides);
    }

    @Override
    public void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value),
                (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        lastError.set(error.toString());
                    }
                });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public Map<String, Integer> tick(Collection<String> topics, long epochMillis) throws Exception {
        try (ClockTicker ticker = new ClockTicker(bootstrapServers, overrides)) {
            return ticker.tick(topics, epochMillis);
        }
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public String lastError() {
        return lastError.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
