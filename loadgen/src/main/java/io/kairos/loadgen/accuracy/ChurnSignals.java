package io.kairos.loadgen.accuracy;

import io.kairos.channel.KafkaBytes;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.schemas.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The churn signals on the customer-signals topic, from its beginning to the end offsets at the
 * time of reading (no consumer group, nothing committed). Each signal once by its deterministic
 * id, so an at-least-once duplicate does not count twice; undecodable records are skipped.
 */
public final class ChurnSignals {
    private ChurnSignals() {}

    public static List<Observed.ChurnSignal> read(String bootstrapServers, String topic, Map<String, String> overrides) {
        AvroCodec<CustomerSignal> codec = AvroCodec.of(CustomerSignal.class);
        Map<String, Observed.ChurnSignal> byId = new HashMap<>();
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
                        continue;
                    }
                    CustomerSignal s = decoded.value();
                    if (s.getType() == SignalType.CHURN_RISK_ENTERED || s.getType() == SignalType.CHURN_RISK_CLEARED) {
                        byId.putIfAbsent(s.getSignalId(), new Observed.ChurnSignal(
                                s.getCustomerId(), s.getEventTime(), s.getType() == SignalType.CHURN_RISK_ENTERED));
                    }
                }
            }
        }
        return new ArrayList<>(byId.values());
    }
}
