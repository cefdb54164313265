package io.kairos.moments;

import java.util.Map;
import java.util.List;
import io.kairos.events.Trigger;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;

/**
 * VIP thank-you: the moment a customer moves up into the top value segment ({@code
 * SEGMENT_MOVEMENT} to {@code TOP} from any other segment, or from none). Staying in TOP is no new
 * moment.
 */
public final class VipThankYou implements MomentRule {
    private static final long serialVersionUID = 1L;


    public static final String TOP = "TOP";

    public static boolean isMoment(CustomerSignal signal) {
        return signal.getType() == SignalType.SEGMENT_MOVEMENT
                && TOP.equals(signal.getTo())
                && !TOP.equals(signal.getFrom());
    }

    @Override
    public void onSignal(CustomerSignal signal, MomentContext turn) {
        if (!isMoment(signal)) {
            return;
        }
        List<Candidate> candidates = CatalogCandidates.forTrigger(Trigger.VIP_THANK_YOU, turn.catalog(), 1.0);
        if (!candidates.isEmpty()) {
            turn.decide(
                    new Moment(Trigger.VIP_THANK_YOU, signal.getSignalId(), signal.getEventTime(), false,
                            "moved up from " + signal.getFrom() + " to the top segment", candidates, Map.of()));
        }
    }
}
