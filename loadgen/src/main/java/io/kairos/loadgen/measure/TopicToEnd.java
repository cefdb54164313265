package io.kairos.loadgen.measure;

import io.kairos.channel.KafkaBytes;
import io.kairos.schemas.AvroCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the engine wrote to one of its output topics: every record from the topic's beginning to
 * its end offsets at the time of reading, decoded; no consumer group, nothing committed.
 * A record that does not decode stops the read with its topic, partition and offset: the engine
 * writes these topics itself, so one it cannot read back is a schema fault, and skipping it would
 * quietly under-count what a backtest or an evaluation reports.
 */
public final class TopicToEnd {
    private TopicToEnd() {}

    public static <T extends SpecificRecord> void read(
            String bootstrapServers, Map<String, String> overrides, String topic, Class<T> type, Consumer<T> each) {
        AvroCodec<T> codec = AvroCodec.of(type);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaBytes.consumer(
                bootstrapServers, Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), overrides)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    var decoded = codec.decode(r.value());
                    if (!decoded.isOk()) {
                        throw new IllegalStateException(String.format("%s partition %d offset %d is not a %s: %s",
                                r.topic(), r.partition(), r.offset(), type.getSimpleName(), decoded.error()));
                    }
                    each.accept(decoded.value());
                }
            }
        }
    }
}
