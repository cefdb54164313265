package io.kairos.operate;

import io.kairos.channel.KafkaBytes;
import io.kairos.schemas.ClockTick;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Sends clock ticks (see {@link ClockTick}): moves the job's event time to an instant, so that
 * event-time timers due by then fire even when no events come, e.g. after a replay of history.
 *
 * <p>One tick to EVERY partition of every topic given: the job's Kafka source keeps a watermark
 * per partition and goes with the lowest, so a partition without a tick holds event time back
 * (until the job declares it idle, which is not something to rely on).
 */
public final class ClockTicker implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public ClockTicker(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** {@code producerOverrides} are Kafka producer settings (e.g. security) that win. */
    public ClockTicker(String bootstrapServers, Map<String, String> producerOverrides) {
        this.producer = KafkaBytes.producer(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "kairos-clock-ticker",
                // A missing topic should fail the command soon, not after the default minute.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"), producerOverrides);
    }

    /**
     * Sends a tick for {@code epochMillis} to every partition of each topic, flushes and waits
     * until the broker has them all. Returns how many partitions got one, per topic.
     */
    public Map<String, Integer> tick(Collection<String> topics, long epochMillis)
            throws InterruptedException, ExecutionException {
        byte[] instant = ClockTick.encode(epochMillis);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Map<String, Integer> partitionsByTopic = new TreeMap<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            for (PartitionInfo partition : partitions) {
                // The Kafka timestamp stays the producer's "now": the instant may be far in the
                // future, and brokers reject records stamped more than
                // log.message.timestamp.after.max.ms (one hour by default since Kafka 4.0) ahead.
                // No key (ticks belong to no customer) and an empty value (not a tombstone).
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(topic, partition.partition(), null, null, new byte[0],
                                List.of(new RecordHeader(ClockTick.HEADER, instant)));
                sends.add(producer.send(record));
            }
            partitionsByTopic.put(topic, partitions.size());
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
        return partitionsByTopic;
    }

    @Override
    public void close() {
        producer.close();
    }
}
