package io.kairos.moments;

import io.kairos.events.CustomerSignal;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import java.io.Serializable;

/**
 * One kind of moment, whole: what it notes from the customer's events and signals, the state it
 * keeps for that (fields of {@link CustomerState}), when something of it falls due in event time,
 * and the moment it then finds. The keyed operator calls every rule the same way, in one
 * direction: due work first (in time order), then the event, then the signals of the assessment.
 * Adding a moment is one class like this and its test.
 */
public interface MomentRule extends Serializable {
    /** After the customer model applied {@code event} to the state. */
    default void onEvent(CustomerEvent event, MomentContext turn) {}

    /** A signal of the customer model's assessment (churn risk entered, a segment move, ...). */
    default void onSignal(CustomerSignal signal, MomentContext turn) {}

    /** The earliest event time at which this rule has work due for the customer; 0 for none. */
    default long dueAt(CustomerState state) {
        return 0;
    }

    /**
     * Does the work due at {@code at} (called when {@code 0 < dueAt(state) <= at}); afterwards
     * {@link #dueAt} must be later than {@code at} or 0.
     */
    default void onDue(long at, MomentContext turn) {}
}
