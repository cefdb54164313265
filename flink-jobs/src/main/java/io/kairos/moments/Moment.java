package io.kairos.moments;

import io.kairos.events.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A moment worth considering a contact for: what happened (the trigger and its cause), when in
 * event time, and the offers that could answer it. Moments are found by the small classes in
 * {@code io.kairos.moments}; the {@link Decider} takes at most one message out of each.
 */
public final class Moment {
    public final Trigger trigger;
    /** The event id or timer that caused it: part of every id derived from the decision. */
    public final String cause;
    /** Event time of the moment, epoch ms. */
    public final long at;
    /**
     * Whether it matters now (a cart, a purchase, a browsing session): sent at once, quiet hours
     * permitting. Otherwise it waits for the customer's most responsive hour.
     */
    public final boolean urgent;
    /** Why this customer and why now, in words an agent can read. */
    public final String reason;
    public final List<Candidate> candidates;
    /** Template variables every message of this moment carries (the offer's are added). */
    public final Map<String, String> vars;

    public Moment(
            Trigger trigger,
            String cause,
            long at,
            boolean urgent,
            String reason,
            List<Candidate> candidates,
            Map<String, String> vars) {
        this.trigger = Objects.requireNonNull(trigger);
        this.cause = Objects.requireNonNull(cause);
        this.at = at;
        this.urgent = urgent;
        this.reason = Objects.requireNonNull(reason);
        this.candidates = List.copyOf(candidates);
        this.vars = Map.copyOf(vars);
    }

    @Override
    public String toString() {
        return trigger + "@" + at + "{" + cause + ", " + candidates.size() + " candidates}";
    }
}
