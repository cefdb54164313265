package io.kairos.moments;

import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;

/**
 * VIP thank-you: the moment a customer moves up into the top value segment ({@code
 * SEGMENT_MOVEMENT} to {@code TOP} from any other segment, or from none). Staying in TOP is no new
 * moment.
 */
public final class VipThankYou {
    private VipThankYou() {}

    public static final String TOP = "TOP";

    public static boolean isMoment(CustomerSignal signal) {
        return signal.getType() == SignalType.SEGMENT_MOVEMENT
                && TOP.equals(signal.getTo())
                && !TOP.equals(signal.getFrom());
    }
}
