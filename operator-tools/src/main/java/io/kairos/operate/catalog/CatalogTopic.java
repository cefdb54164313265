package io.kairos.operate.catalog;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Reading and writing the compacted offer-catalog topic: key offerId, value an entry or nothing. */
public final class CatalogTopic implements AutoCloseable {
    private final Properties client;
    private final String topic;
    private final AvroCodec<OfferCatalogEntry> codec = AvroCodec.of(OfferCatalogEntry.class);
    private KafkaProducer<byte[], byte[]> producer;

    /** {@code client}: bootstrap servers and security settings for both producer and consumer. */
    public CatalogTopic(Properties client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Publishes one offer (key = its offerId) and waits for the broker's acknowledgement. */
    public RecordMetadata publish(OfferCatalogEntry entry) throws InterruptedException, ExecutionException {
        return send(entry.getOfferId(), codec.encode(entry));
    }

    /** Sends the tombstone that withdraws an offer, and waits for the acknowledgement. */
    public RecordMetadata withdraw(String offerId) throws InterruptedException, ExecutionException {
        return send(offerId, null);
    }

    private RecordMetadata send(String key, byte[] value) throws InterruptedException, ExecutionException {
        return producer().send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** Partitions of the topic, as the producer sees them: more than one breaks versioning. */
    public int partitions() {
        return producer().partitionsFor(topic).size();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(client);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * Reads the topic from the beginning to the end offsets it has now (no consumer group) and
     * applies every record in order.
     */
    public CatalogState read(Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        CatalogState state = new CatalogState();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist");
            }
            List<TopicPartition> partitions =
                    infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read '" + topic + "' to its end offsets "
                            + end + " within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        state.apply(r.partition(), r.offset(), r.key(), r.value());
                    }
                }
            }
        }
        return state;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
