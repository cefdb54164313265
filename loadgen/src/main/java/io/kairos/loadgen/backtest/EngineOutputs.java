package io.kairos.loadgen.backtest;

import io.kairos.channel.ContractKeys;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.ProfileSnapshot;
import io.kairos.loadgen.measure.TopicToEnd;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
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
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        TopicToEnd.read(bootstrapServers, Map.of(), topic, type, record -> byId.putIfAbsent(id.apply(record), RecordTables.fromAvro(record)));
        return new ArrayList<>(byId.values());
    }
}
