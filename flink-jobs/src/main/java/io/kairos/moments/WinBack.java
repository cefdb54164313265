package io.kairos.moments;

import java.util.Map;
import java.util.List;
import io.kairos.events.Trigger;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.state.CustomerState;
import io.kairos.state.ValueSegment;

/**
 * Win-back: the moment a customer enters churn risk ({@code CHURN_RISK_ENTERED}). The incentive is
 * scaled to what the customer is worth: an offer's value times {@link #incentiveScale}.
 */
public final class WinBack implements MomentRule {
    private static final long serialVersionUID = 1L;


    /** Incentive factors by value segment, so that a valuable customer gets a stronger offer. */
    public static final double SCALE_TOP = 2.0;

    public static final double SCALE_HIGH = 1.5;
    public static final double SCALE_MIDDLE = 1.0;
    public static final double SCALE_LOW = 0.6;

    /** INACTIVE and PROSPECT: nothing known to be at stake. */
    public static final double SCALE_NONE = 0.4;

    public static boolean isMoment(CustomerSignal signal) {
        return signal.getType() == SignalType.CHURN_RISK_ENTERED;
    }

    /**
     * The factor to scale the offer's value by: TOP 2.0, HIGH 1.5, MIDDLE 1.0, LOW 0.6, INACTIVE
     * and PROSPECT 0.4. Non-decreasing in the segment's rank.
     */
    public static double incentiveScale(CustomerState s) {
        return incentiveScale(s.getSegment());
    }

    public static double incentiveScale(ValueSegment segment) {
        if (segment == null) {
            return SCALE_NONE;
        }
        switch (segment) {
            case TOP:
                return SCALE_TOP;
            case HIGH:
                return SCALE_HIGH;
            case MIDDLE:
                return SCALE_MIDDLE;
            case LOW:
                return SCALE_LOW;
            default:
                return SCALE_NONE;
        }
    }

    /** A win-back offer, its value scaled to what the customer is worth, when churn risk is entered. */
    @Override
    public void onSignal(CustomerSignal signal, MomentContext turn) {
        if (!isMoment(signal)) {
            return;
        }
        List<Candidate> candidates =
                CatalogCandidates.forTrigger(Trigger.WIN_BACK, turn.catalog(), incentiveScale(turn.state()));
        if (!candidates.isEmpty()) {
            turn.decide(
                    new Moment(Trigger.WIN_BACK, signal.getSignalId(), signal.getEventTime(), false,
                            "entered churn risk (" + String.join(", ", signal.getReasons()) + ")", candidates, Map.of()));
        }
    }
}
