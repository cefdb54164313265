package io.kairos.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class LocalStackITCase {

    @Test
    void kafkaBrokerRoundTripsARecord() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, List.of("t"));
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.of("bootstrap.servers", kafka.bootstrapServers()),
                            new StringSerializer(),
                            new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "hello")).get();
            }
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(
                            Map.of(
                                    "bootstrap.servers", kafka.bootstrapServers(),
                                    "group.id", "g",
                                    "auto.offset.reset", "earliest"),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 50 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertEquals("hello", records.iterator().next().value());
            }
        }
    }

    @Test
    void redisServerRestartsOnTheSamePortAndStartsEmpty() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
                client.set("k", "v");
                assertEquals("v", client.get("k"));
            }
            redis.stop();
            assertTrue(!redis.isRunning());
            try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
                assertThrows(Exception.class, client::ping);
            }
            redis.restart();
            try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
                assertEquals(null, client.get("k"));
                client.set("k", "v".getBytes(StandardCharsets.UTF_8).length + "");
                assertEquals("1", client.get("k"));
            }
        }
    }
}
