package io.kairos.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The stack that {@code ./kairos stack} runs keeps its data: started again on the same directory
 * (after a clean stop, and after both parts were killed -9) it has the topic, its records and the
 * Redis keys it had, on the same ports.
 */
class LocalStackRestartITCase {

    @Test
    void topicsRecordsAndKeysSurviveAStopAndAKill(@TempDir Path dir) throws Exception {
        LocalStack.Ports ports;
        try (LocalStack stack = LocalStack.start(dir, new LocalStack.Ports(0, 0, 0))) {
            ports = stack.ports();
            KafkaTopics.create(stack.bootstrapServers(), 1, List.of("t"));
            produce(stack.bootstrapServers(), "one");
            try (RedisClient redis = RedisClient.create(stack.redis().host(), stack.redis().port())) {
                redis.set("k", "one");
            }
        }
        try (LocalStack stack = LocalStack.start(dir, ports)) {
            assertEquals(List.of("one"), readAll(stack.bootstrapServers()));
            produce(stack.bootstrapServers(), "two");
            try (RedisClient redis = RedisClient.create(stack.redis().host(), stack.redis().port())) {
                assertEquals("one", redis.get("k"));
                redis.set("k", "two");
            }
            // A crash: no clean shutdown of either.
            stack.kafka().kill();
            stack.redis().kill();
            stack.kafka().startAgain();
            stack.redis().startAgain();
            assertEquals(List.of("one", "two"), readAll(stack.bootstrapServers()));
            try (RedisClient redis = RedisClient.create(stack.redis().host(), stack.redis().port())) {
                assertEquals("two", redis.get("k"));
            }
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", value)).get();
        }
    }

    private static List<String> readAll(String bootstrap) {
        TopicPartition p = new TopicPartition("t", 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            while (consumer.position(p) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
