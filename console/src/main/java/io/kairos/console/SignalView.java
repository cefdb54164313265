package io.kairos.console;

import io.kairos.events.CustomerSignal;
import java.util.List;

/** One signal from the customer-signals topic: a pyramid move, a lifecycle transition, churn risk. */
public record SignalView(String signalId, String customerId, String type, String from, String to, double churnRisk,
                         List<String> reasons, long eventTime, String cause) {

    public static SignalView of(CustomerSignal s) {
        return new SignalView(s.getSignalId(), s.getCustomerId(), s.getType().name(), s.getFrom(), s.getTo(),
                s.getChurnRisk(), List.copyOf(s.getReasons()), s.getEventTime(), s.getCause());
    }

    public boolean isMovement() {
        return "SEGMENT_MOVEMENT".equals(type);
    }
}
