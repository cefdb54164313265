package io.kairos.learn;

import io.kairos.customer.ValueScore;
import java.time.Duration;

/**
 * A decayed count kept as a log and weighted up by how late it came, like {@link ValueScore}:
 * adding {@code c} at time t adds {@code c * 2^((t - EPOCH) / halfLife)}, and the count at time
 * {@code now} is {@code exp(log) * 2^(-(now - EPOCH) / halfLife)}. The factor is the same for all
 * counts, so ranking by the log ranks by decayed count at any instant: one entry changes per event
 * and the others never need rewriting to be compared.
 */
final class LogCount {
    private static final double LN2 = Math.log(2);

    private LogCount() {}

    /** The log after adding {@code count} as of {@code time}; {@code log} null means nothing yet. */
    static double add(Double log, double count, long time, Duration halfLife) {
        double term = Math.log(count) + growth(time, halfLife);
        if (log == null) {
            return term;
        }
        double max = Math.max(log, term);
        return max + Math.log1p(Math.exp(Math.min(log, term) - max));
    }

    /** The decayed count at {@code time}. */
    static double countAt(double log, long time, Duration halfLife) {
        return Math.exp(log - growth(time, halfLife));
    }

    private static double growth(long time, Duration halfLife) {
        return (time - ValueScore.EPOCH_MILLIS) * LN2 / halfLife.toMillis();
    }
}
