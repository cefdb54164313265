package io.kairos.decide;

import io.kairos.moments.MomentRule;
import io.kairos.state.CustomerState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What falls due for a customer in event time (cart reminder, birthday, replenishment, the
 * model's review, held messages), run in time order, each as of its own due instant. Run by the
 * customer's timer when the watermark passes, or in line when a later event of the customer
 * arrives first: either way the customer's history is the same, at any replay speed.
 */
final class DueWork {
    private static final Logger LOG = LoggerFactory.getLogger(DueWork.class);

    private final List<MomentRule> rules;
    private final CustomerReview review;
    private final HeldMessages held;

    DueWork(List<MomentRule> rules, CustomerReview review, HeldMessages held) {
        this.rules = rules;
        this.review = review;
        this.held = held;
    }

    /** The earliest instant anything is due for the customer; 0 for nothing. */
    long nextDue(CustomerState state) {
        long next = state.getNextReviewAt();
        for (MomentRule rule : rules) {
            next = earliest(next, rule.dueAt(state));
        }
        return earliest(next, held.dueAt(state));
    }

    /**
     * Runs, in time order, everything due at or before {@code limit}. Work due behind what the
     * customer already had decided (set by a late event) updates state and decides nothing.
     *
     * @return false when the customer expired on the way (their state is to be dropped)
     */
    boolean runUpTo(long limit, CustomerTurn turn) {
        long last = Long.MIN_VALUE;
        boolean late = turn.late;
        try {
            while (true) {
                CustomerState state = turn.state;
                long at = nextDue(state);
                if (at == 0 || at > limit) {
                    return true;
                }
                if (at <= last) { // a rule that did not move its due time on: never loop
                    LOG.warn("due work for customer {} at {} did not move on; left for the next turn", turn.customerId, at);
                    return true;
                }
                last = at;
                turn.late = at < state.getDecidedUpTo();
                for (MomentRule rule : rules) {
                    long due = rule.dueAt(state);
                    if (due != 0 && due <= at) {
                        rule.onDue(at, turn);
                    }
                }
                if (state.getNextReviewAt() != 0 && state.getNextReviewAt() <= at && !review.onDue(turn)) {
                    return false;
                }
                if (held.dueAt(state) != 0 && held.dueAt(state) <= at) {
                    held.onDue(at, turn);
                }
                state.setDecidedUpTo(Math.max(state.getDecidedUpTo(), at));
            }
        } finally {
            turn.late = late;
        }
    }

    private static long earliest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }
}
