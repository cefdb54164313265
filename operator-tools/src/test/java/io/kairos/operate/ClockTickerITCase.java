package io.kairos.operate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.ClockTick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The ticker against a real in-process Kafka broker: one tick on every partition. */
class ClockTickerITCase {

    @Test
    void sendsOneTickToEveryPartitionOfEveryTopic() throws Exception {
        // 30 days ahead: also proves the broker takes it (the instant is not the Kafka timestamp).
        long at = System.currentTimeMillis() + Duration.ofDays(30).toMillis();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, List.of("ticks-a"));
            kafka.createTopics(2, List.of("ticks-b"));
            Map<String, Integer> ticked;
            try (ClockTicker ticker = new ClockTicker(kafka.bootstrapServers())) {
                ticked = ticker.tick(List.of("ticks-a", "ticks-b"), at);
            }
            assertEquals(Map.of("ticks-a", 3, "ticks-b", 2), ticked);

            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = readAll(kafka, 5);
            assertEquals(5, byPartition.size(), "every partition: " + byPartition.keySet());
            for (Map.Entry<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> p : byPartition.entrySet()) {
                assertEquals(1, p.getValue().size(), "one tick on " + p.getKey());
                ConsumerRecord<byte[], byte[]> record = p.getValue().get(0);
                Header header = record.headers().lastHeader(ClockTick.HEADER);
                assertArrayEquals(ClockTick.encode(at), header.value());
                assertEquals(at, ClockTick.parse(header.value()));
                assertNull(record.key());
            }
        }
    }

    private static Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readAll(EmbeddedKafka kafka, int expected) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(),
                        "group.id", "it-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("ticks-a", "ticks-b"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int seen = 0;
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
                    seen++;
                }
            }
            // Anything more that is already there counts too: exactly one per partition.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }
}
