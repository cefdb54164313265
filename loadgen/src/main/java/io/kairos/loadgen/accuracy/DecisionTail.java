package io.kairos.loadgen.accuracy;

import io.kairos.channel.KafkaBytes;
import io.kairos.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** The decisions topic from the beginning, read on to its end offsets at each call. */
public final class DecisionTail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public DecisionTail(String bootstrapServers) {
        consumer = KafkaBytes.consumer(bootstrapServers, Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), Map.of());
        partitions = consumer.partitionsFor(Topics.DECISIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public List<byte[]> readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<byte[]> values = new ArrayList<>();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
