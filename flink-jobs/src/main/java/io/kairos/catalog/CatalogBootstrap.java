package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the offer catalog topic to its end offset, as the job is submitted, the same way the live
 * catalog stream applies it (upserts, tombstones, rejected entries left out). Every subtask then
 * decides its first event with the whole catalog: a fixed point (the end offset), not a guess of
 * how long the broadcast takes to arrive.
 */
public final class CatalogBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogBootstrap.class);

    private CatalogBootstrap() {}

    /**
     * @param kafka consumer properties: bootstrap servers and security; no group is used
     * @param timeout how long the topic may take to read; a catalog that cannot be read in that
     *     time stops the submission with a message that says so
     */
    public static CatalogSnapshot read(Properties kafka, String topic, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                LOG.info("offer catalog topic {} does not exist yet: starting with an empty catalog", topic);
                return CatalogSnapshot.empty();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            CatalogDeserializer decode = new CatalogDeserializer();
            Map<String, OfferCatalogEntry> offers = new LinkedHashMap<>();
            long version = 0;
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read the offer catalog topic " + topic + " to its end offsets " + end
                                    + " within " + timeout + "; is Kafka reachable?");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    CatalogUpdate update = decode.toUpdate(record);
                    if (update.isRejected()) {
                        continue; // the live stream sends it to the dead letters
                    }
                    if (update.isWithdrawal()) {
                        offers.remove(update.offerId);
                    } else {
                        offers.put(update.offerId, update.entry);
                    }
                    version = Math.max(version, record.offset() + 1);
                }
            }
            CatalogSnapshot snapshot = new CatalogSnapshot(new ArrayList<>(offers.values()), version);
            LOG.info("offer catalog read to its end: {}", snapshot);
            return snapshot;
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
