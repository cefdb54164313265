package io.kairos.learn;

import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The learning loop without Flink: each round samples every offer's rate from its posterior,
 * sends the best, observes a simulated response and updates the stats, as the job does through
 * feedback, {@link ResponseStatsFunction} and the broadcast.
 */
class ClosedLoopSimulationTest {
    private static final double[] TRUE_RATES = {0.04, 0.10};
    private static final int BETTER = 1;
    private static final int ROUNDS = 3_000;
    private static final int LAST = 500;
    private static final Duration HALF_LIFE = Duration.ofDays(30);

    /** How an offer is chosen in a round, given the stats so far. */
    interface Policy {
        int choose(ResponseStats[] stats, long seed, int round);
    }

    /** Thompson sampling, seeded per decision as the decision operator should. */
    static final Policy THOMPSON = (stats, seed, round) -> {
        ThompsonSampler sampler = new ThompsonSampler(ThompsonSampler.seedOf("loop", Long.toString(seed), Integer.toString(round)));
        int best = 0;
        double bestDraw = -1;
        for (int i = 0; i < stats.length; i++) {
            double draw = sampler.sample(stats[i]);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = i;
            }
        }
        return best;
    };

    /** A sampler that ignores the posterior: what the test must tell apart from learning. */
    static final Policy IGNORES_POSTERIOR = (stats, seed, round) -> {
        ThompsonSampler sampler = new ThompsonSampler(ThompsonSampler.seedOf("loop", Long.toString(seed), Integer.toString(round)));
        int best = 0;
        double bestDraw = -1;
        for (int i = 0; i < stats.length; i++) {
            double draw = sampler.sample(1, 1);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = i;
            }
        }
        return best;
    };

    /** The offers chosen in each round. */
    static List<Integer> run(Policy policy, long seed) {
        ResponseStats[] stats = new ResponseStats[TRUE_RATES.length];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = new ResponseStats("offer-" + i, "HIGH");
        }
        Random customers = new Random(seed); // separate from the sampler's randomness
        List<Integer> choices = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long now = T0 + round * ONE_MINUTE;
            int chosen = policy.choose(stats, seed, round);
            boolean converted = customers.nextDouble() < TRUE_RATES[chosen];
            stats[chosen] = stats[chosen].plus(1, converted ? 1 : 0, now, HALF_LIFE);
            choices.add(chosen);
        }
        return choices;
    }

    static double shareOfBetterInLastRounds(List<Integer> choices) {
        return choices.subList(ROUNDS - LAST, ROUNDS).stream().filter(c -> c == BETTER).count() / (double) LAST;
    }

    @Test
    void thompsonSamplingSettlesOnTheBetterOffer() {
        for (long seed = 1; seed <= 5; seed++) {
            double share = shareOfBetterInLastRounds(run(THOMPSON, seed));
            assertTrue(share > 0.8, "seed " + seed + ": better offer in " + share + " of the last " + LAST + " rounds");
        }
    }

    @Test
    void aSamplerThatIgnoresThePosteriorDoesNotPassTheSameBar() {
        double share = shareOfBetterInLastRounds(run(IGNORES_POSTERIOR, 1));
        assertTrue(share < 0.6, "no learning, about even: " + share);
    }

    @Test
    void theSameSeedReplaysTheSameRun() {
        assertEquals(run(THOMPSON, 3), run(THOMPSON, 3));
        assertTrue(!run(THOMPSON, 3).equals(run(THOMPSON, 4)), "another seed, another run");
    }
}
