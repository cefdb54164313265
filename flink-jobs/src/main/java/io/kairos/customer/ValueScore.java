package io.kairos.customer;

import java.time.Duration;
import java.time.Instant;

/**
 * A customer's exponentially decayed spend, kept as a log so that it never needs rescaling.
 *
 * <p>Each purchase adds {@code amount * 2^((t - EPOCH) / halfLife)}: spend is weighted up by how
 * late it came rather than everything being decayed down as time passes. The customer's decayed
 * value at time {@code now} is {@code exp(score) * 2^(-(now - EPOCH) / halfLife)}. Because that
 * factor is the same for everyone, ranking customers by score ranks them by decayed value at any
 * instant, so pyramid thresholds on the score stay valid while time passes and nobody has to be
 * touched to age them. The log keeps the numbers finite for centuries of half-lives.
 */
public final class ValueScore {
    /** Where the weight is 1; any fixed instant works, a recent one keeps the numbers readable. */
    public static final long EPOCH_MILLIS = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();

    /** Spend below a cent counts as a cent: the log of zero would sink the customer for ever. */
    static final double MIN_AMOUNT = 0.01;

    private static final double LN2 = Math.log(2);

    private ValueScore() {}

    /**
     * The score after a purchase of {@code amount} at {@code eventTimeMillis}.
     *
     * @param hasScore whether {@code score} holds earlier purchases (else it is ignored)
     */
    public static double addPurchase(
            double score, boolean hasScore, double amount, long eventTimeMillis, Duration halfLife) {
        double term = Math.log(Math.max(amount, MIN_AMOUNT)) + growth(eventTimeMillis, halfLife);
        if (!hasScore) {
            return term;
        }
        // log(e^a + e^b) without overflow
        double max = Math.max(score, term);
        return max + Math.log1p(Math.exp(Math.min(score, term) - max));
    }

    /** The decayed spend at {@code nowMillis} of a customer with this score. */
    public static double valueAt(double score, long nowMillis, Duration halfLife) {
        return Math.exp(score - growth(nowMillis, halfLife));
    }

    private static double growth(long timeMillis, Duration halfLife) {
        return (timeMillis - EPOCH_MILLIS) * LN2 / halfLife.toMillis();
    }
}
