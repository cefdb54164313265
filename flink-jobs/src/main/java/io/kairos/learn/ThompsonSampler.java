package io.kairos.learn;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Thompson sampling's random part: a draw of each offer's response rate from its Beta posterior,
 * from a seeded generator so that a replay takes the same decisions. Seed it per decision from
 * what identifies the decision ({@link #seedOf}, e.g. customer and cause) rather than once per
 * operator: then the draws do not depend on the order in which a subtask met its customers, nor on
 * the parallelism.
 *
 * <p>Draws use Commons Math's Beta distribution (Cheng's algorithm) over a Mersenne Twister; both
 * are specified bit for bit, so the same seed and calls give the same draws on every JVM. Not
 * thread-safe; cheap enough to make one per decision.
 */
public final class ThompsonSampler {
    private final RandomGenerator random;

    public ThompsonSampler(long seed) {
        this.random = new MersenneTwister(seed);
    }

    /**
     * A seed from the parts, stable across JVMs and runs: the name-based UUID (MD5) of the parts
     * in UTF-8, separated so that ("ab", "c") and ("a", "bc") differ, folded to 64 bits.
     */
    public static long seedOf(String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part == null ? "\u0000" : part).append('\u001f');
        }
        UUID uuid = UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
        return uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
    }

    /** A draw from Beta(alpha, beta); both must be positive. */
    public double sample(double alpha, double beta) {
        return new BetaDistribution(random, alpha, beta).sample();
    }

    /** A draw of the response rate from the posterior of these stats. */
    public double sample(ResponseStats stats) {
        return sample(stats.alpha(), stats.beta());
    }
}
