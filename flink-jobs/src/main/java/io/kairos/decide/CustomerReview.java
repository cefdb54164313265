package io.kairos.decide;

import io.kairos.customer.CustomerModel;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.moments.MomentRule;
import java.util.List;

/**
 * The customer model's assessment, after every event and at every review: lifecycle, segment
 * and churn risk at a time, the signals for what changed (each offered to the moment rules: a
 * churn risk entered is a win-back moment), the Redis profile if it changed, and the next review:
 * the instant at which, if nothing happens, something would change. That is how silence is
 * noticed: no event is needed to see that none came.
 */
final class CustomerReview {
    static final String CAUSE = "timer:review";

    private final CustomerModel model;
    private final List<MomentRule> rules;
    private final OperatorMetrics metrics;

    CustomerReview(CustomerModel model, List<MomentRule> rules, OperatorMetrics metrics) {
        this.model = model;
        this.rules = rules;
        this.metrics = metrics;
    }

    void assess(CustomerTurn turn, long time, String cause) {
        CustomerModel.Outcome outcome =
                model.assess(turn.customerId, turn.state, time, turn.thresholds.validAt(time), cause);
        for (CustomerSignal signal : outcome.signals) {
            metrics.signals.get(signal.getType()).inc();
            turn.out.signal(signal);
        }
        if (outcome.profile != null) {
            metrics.profilesPublished.inc();
            turn.out.redis(RedisUpdate.profile(outcome.profile));
        }
        turn.state.setNextReviewAt(outcome.nextReviewAt == Long.MAX_VALUE ? 0 : outcome.nextReviewAt);
        for (CustomerSignal signal : outcome.signals) {
            for (MomentRule rule : rules) {
                rule.onSignal(signal, turn);
            }
        }
    }

    /**
     * The review due at or before {@code at}, at its own instant. Returns false when the customer
     * has been silent for the whole retention: gone for good (their Redis profile has expired).
     */
    boolean onDue(CustomerTurn turn) {
        long due = turn.state.getNextReviewAt();
        turn.state.setNextReviewAt(0L);
        if (due >= model.retentionEndsAt(turn.state)) {
            return false;
        }
        assess(turn, due, CAUSE);
        return true;
    }
}
