package io.kairos.loadgen.accuracy;

import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.loadgen.measure.TopicToEnd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The churn signals on the customer-signals topic, from its beginning to the end offsets at the
 * time of reading (no consumer group, nothing committed). Each signal once by its deterministic
 * id, so an at-least-once duplicate does not count twice; undecodable records are skipped.
 */
public final class ChurnSignals {
    private ChurnSignals() {}

    public static List<Observed.ChurnSignal> read(String bootstrapServers, String topic, Map<String, String> overrides) {
        Map<String, Observed.ChurnSignal> byId = new HashMap<>();
        TopicToEnd.read(bootstrapServers, overrides, topic, CustomerSignal.class, s -> {
            if (s.getType() == SignalType.CHURN_RISK_ENTERED || s.getType() == SignalType.CHURN_RISK_CLEARED) {
                byId.putIfAbsent(s.getSignalId(), new Observed.ChurnSignal(
                        s.getCustomerId(), s.getEventTime(), s.getType() == SignalType.CHURN_RISK_ENTERED));
            }
        });
        return new ArrayList<>(byId.values());
    }
}
