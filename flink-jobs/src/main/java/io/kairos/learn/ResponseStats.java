package io.kairos.learn;

import io.kairos.customer.Decay;
import java.time.Duration;
import java.util.Objects;

/**
 * How one offer has fared with one segment lately: decayed counts of sends (trials) and
 * conversions (successes) as of event time {@code asOf}. Decay lets the engine follow a response
 * rate that drifts (a tired offer, a season) instead of averaging over all history.
 *
 * <p>Read as a Beta posterior over the response rate under a uniform prior: {@link #alpha()} and
 * {@link #beta()} feed {@link ThompsonSampler}. A Flink POJO, broadcast to the decision operator
 * through {@link ResponseRates}.
 */
public class ResponseStats {
    /** The segment under which feedback from every segment is counted too (a prior for sparse ones). */
    public static final String ALL_SEGMENTS = "*";

    public String offerId;
    public String segment;
    public double trials;
    public double successes;
    public long asOf;

    public ResponseStats() {}

    /** Nothing known yet about this offer and segment. */
    public ResponseStats(String offerId, String segment) {
        this.offerId = offerId;
        this.segment = segment;
        this.asOf = Long.MIN_VALUE;
    }

    public ResponseStats(String offerId, String segment, double trials, double successes, long asOf) {
        this.offerId = offerId;
        this.segment = segment;
        this.trials = trials;
        this.successes = successes;
        this.asOf = asOf;
    }

    /** The key of an offer and segment, in the learning branch and in the broadcast state. */
    public static String key(String offerId, String segment) {
        return offerId + '|' + segment;
    }

    /** A copy brought forward to {@code time}; counts never grow back for an earlier time. */
    public ResponseStats decayedTo(long time, Duration halfLife) {
        if (time <= asOf) {
            return copy();
        }
        if (asOf == Long.MIN_VALUE) {
            return new ResponseStats(offerId, segment, trials, successes, time);
        }
        double f = Decay.factor(time - asOf, Decay.tauOfHalfLife(halfLife));
        return new ResponseStats(offerId, segment, trials * f, successes * f, time);
    }

    /**
     * A copy with trials and successes that happened at {@code eventTime} added: brought forward
     * first if they are newer, weighted down by their age if they are older (out of order), so the
     * result does not depend on arrival order.
     */
    public ResponseStats plus(double addedTrials, double addedSuccesses, long eventTime, Duration halfLife) {
        ResponseStats s = decayedTo(eventTime, halfLife);
        double w = Decay.weight(eventTime, s.asOf, Decay.tauOfHalfLife(halfLife));
        s.trials += addedTrials * w;
        s.successes += addedSuccesses * w;
        return s;
    }

    /** Beta posterior α under a uniform prior: one pseudo-success plus the successes. */
    public double alpha() {
        return 1 + successes;
    }

    /**
     * Beta posterior β: one pseudo-failure plus trials without success. Clamped at zero because a
     * conversion can be counted before its send (out of order) or without one (a lost send).
     */
    public double beta() {
        return 1 + Math.max(0, trials - successes);
    }

    /** The posterior mean response rate. */
    public double mean() {
        return alpha() / (alpha() + beta());
    }

    public ResponseStats copy() {
        return new ResponseStats(offerId, segment, trials, successes, asOf);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResponseStats)) {
            return false;
        }
        ResponseStats s = (ResponseStats) o;
        return Objects.equals(offerId, s.offerId) && Objects.equals(segment, s.segment)
                && Double.compare(trials, s.trials) == 0 && Double.compare(successes, s.successes) == 0
                && asOf == s.asOf;
    }

    @Override
    public int hashCode() {
        return Objects.hash(offerId, segment, trials, successes, asOf);
    }

    @Override
    public String toString() {
        return String.format("%s trials=%.3f successes=%.3f asOf=%d", key(offerId, segment), trials, successes, asOf);
    }
}
