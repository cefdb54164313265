package io.kairos.loadgen.backtest;

import io.kairos.channel.ContractKeys;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.ProfileSnapshot;
import io.kairos.schemas.AvroCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the job produced, read back once it has caught up: each customer's profile from Redis (as
 * a channel reads it), and every signal and decision from their topics, each once by its
 * deterministic id (an at-least-once duplicate of a restore would otherwise count twice).
 */
final class EngineOutputs {
    final List<Map<String, Object>> profiles;
    final List<Map<String, Object>> signals;
    final List<Map<String, Object>> decisions;
    /** Calibration customers with no profile in Redis (expired, or never made). */
    final List<String> withoutProfile;

    private EngineOutputs(List<Map<String, Object>> profiles, List<Map<String, Object>> signals,
                          List<Map<String, Object>> decisions, List<String> withoutProfile) {
        this.profiles = profiles;
        this.signals = signals;
        this.decisions = decisions;
        this.withoutProfile = withoutProfile;
    }

    static EngineOutputs read(UnifiedJedis redis, Collection<String> customers, String bootstrapServers,
                              String signalsTopic, String decisionsTopic) throws IOException {
        List<Map<String, Object>> profiles = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String c : customers.stream().sorted().toList()) {
            Map<String, String> hash = redis.hgetAll(ContractKeys.profile(c));
            if (hash.isEmpty()) {
                missing.add(c);
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customerId", c);
            row.putAll(RecordTables.typed(hash, ProfileSnapshot.getClassSchema()));
            profiles.add(row);
        }
        List<Map<String, Object>> signals = readTopic(bootstrapServers, signalsTopic, CustomerSignal.class,
                s -> s.getSignalId().toString());
        signals.sort(Comparator.comparingLong(r -> (Long) r.get("eventTime")));
        List<Map<String, Object>> decisions = readTopic(bootstrapServers, decisionsTopic, Decision.class,
                d -> d.getDecisionId().toString());
        decisions.sort(Comparator.comparingLong(r -> (Long) r.get("decidedAt")));
        return new EngineOutputs(profiles, signals, decisions, missing);
    }

    /**
     * How far behind {@code until} the profiles' own time ({@code updatedAt}, the event time they
     * describe) is: a profile is republished when it changes, so its pChurn is as of then.
     *
     * @return profiles more than a day behind, and the median lag in days over all profiles
     */
    double[] profileLag(long until) {
        double[] lags = profiles.stream().mapToDouble(p -> (until - ((Number) p.get("updatedAt")).longValue()) / 86_400_000.0)
                .sorted().toArray();
        long behind = java.util.Arrays.stream(lags).filter(d -> d > 1).count();
        return new double[] {behind, lags.length == 0 ? Double.NaN : lags[lags.length / 2]};
    }

    /** Every decodable record of the topic, from its beginning to its end offsets now. */
    private static <T extends SpecificRecord> List<Map<String, Object>> readTopic(
            String bootstrapServers, String topic, Class<T> type, Function<T, String> id) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        AvroCodec<T> codec = AvroCodec.of(type);
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    var decoded = codec.decode(r.value());
                    if (decoded.isOk()) {
                        byId.putIfAbsent(id.apply(decoded.value()), RecordTables.fromAvro(decoded.value()));
                    }
                }
            }
        }
        return new ArrayList<>(byId.values());
    }
}
