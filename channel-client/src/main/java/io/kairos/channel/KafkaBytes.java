package io.kairos.channel;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients of raw bytes, as the Kairos tools use them: keys are UTF-8 ids and values are
 * encoded by the Avro codecs, so the clients only move bytes. Each takes the brokers, the
 * settings of its use, then {@code overrides} (e.g. security settings, a map or Properties) that
 * win over both.
 */
public final class KafkaBytes {
    private KafkaBytes() {}

    public static KafkaProducer<byte[], byte[]> producer(
            String bootstrapServers, Map<String, ?> settings, Map<?, ?> overrides) {
        return new KafkaProducer<>(config(bootstrapServers, settings, overrides),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrapServers, Map<String, ?> settings, Map<?, ?> overrides) {
        return new KafkaConsumer<>(config(bootstrapServers, settings, overrides),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<String, Object> config(String bootstrapServers, Map<String, ?> settings, Map<?, ?> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(settings);
        overrides.forEach((name, value) -> config.put(name.toString(), value)); // a Properties too
        return config;
    }
}
