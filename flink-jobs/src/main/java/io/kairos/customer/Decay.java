package io.kairos.customer;

import java.time.Duration;

/**
 * Exponential decay of counts in event time. A decayed count kept "as of" a time answers "how
 * much lately" in constant space; bringing it to a later time multiplies by e^(-Δt/τ). An event
 * older than the "as of" time (out of order) is added with its own, smaller weight, so the result
 * does not depend on the order in which events arrive.
 */
public final class Decay {
    private Decay() {}

    /** The factor a count decays by over {@code elapsedMs} with time constant {@code tau}. */
    public static double factor(long elapsedMs, Duration tau) {
        if (elapsedMs <= 0) {
            return 1.0;
        }
        return Math.exp(-(double) elapsedMs / tau.toMillis());
    }

    /** Time constant for a half-life: τ = h / ln 2. */
    public static Duration tauOfHalfLife(Duration halfLife) {
        return Duration.ofMillis(Math.max(1L, Math.round(halfLife.toMillis() / Math.log(2))));
    }

    /** The weight of an event at {@code eventTime} in a count kept as of {@code asOf}. */
    public static double weight(long eventTime, long asOf, Duration tau) {
        return factor(asOf - eventTime, tau);
    }

    /** A decayed count as a rate per day: with time constant τ, a steady rate r gives count r·τ. */
    public static double perDay(double count, Duration tau) {
        return count / (tau.toMillis() / 86_400_000.0);
    }
}
