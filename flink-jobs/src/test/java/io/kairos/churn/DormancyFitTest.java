package io.kairos.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class DormancyFitTest {
    private static final BgNbdParameters MBG = new BgNbdParameters(1.25, 40.8, 0.39, 0.73, BgNbdParameters.Variant.MBG);
    private static final BgNbdParameters BG = new BgNbdParameters(0.35, 18.1, 0.52, 3.7, BgNbdParameters.Variant.BG);

    @Test
    void atZeroItIsTheBuyTillYouDieLikelihoodOfTheSummary() {
        List<DormancyFit.Gaps> customers = List.of(
                new DormancyFit.Gaps(new double[] {}, 300),
                new DormancyFit.Gaps(new double[] {7, 7, 8, 6}, 40),
                new DormancyFit.Gaps(new double[] {30, 2, 90}, 5),
                new DormancyFit.Gaps(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 200));
        for (BgNbdParameters p : List.of(MBG, BG)) {
            DormancyFit fit = new DormancyFit(p, customers);
            BgNbdModel model = new BgNbdModel(p);
            for (DormancyFit.Gaps c : customers) {
                double tx = 0;
                for (double g : c.gaps()) {
                    tx += g;
                }
                double exact = model.logLikelihood(c.gaps().length, tx, tx + c.silence());
                assertEquals(exact, fit.logLikelihood(c, 0), 1e-4, p + " " + c);
            }
        }
    }

    @Test
    void aPauseExplainedByDormancyIsMoreLikelyWithSomeDormantRate() {
        // a weekly buyer who paused for half a year and came back
        DormancyFit.Gaps paused = new DormancyFit.Gaps(new double[] {7, 7, 7, 180, 7, 7}, 3);
        DormancyFit fit = new DormancyFit(MBG, List.of(paused));
        DormancyFit.Gaps steady = new DormancyFit.Gaps(new double[] {7, 7, 7, 7, 7, 7}, 3);
        double pausedGain = fit.logLikelihood(paused, 0.02) - fit.logLikelihood(paused, 0);
        double steadyGain = fit.logLikelihood(steady, 0.02) - fit.logLikelihood(steady, 0);
        assertTrue(pausedGain > 1, "the pause: " + pausedGain);
        assertTrue(steadyGain < pausedGain / 10, "steady: " + steadyGain + " against " + pausedGain);
    }

    @Test
    void recoversThePlantedDormantRateAndFindsNoneWhereThereIsNone() {
        DormancyFit.Result planted = new DormancyFit(MBG, simulate(MBG, 0.02, 1500, 730, 7)).fit();
        assertTrue(planted.significant(), planted.toString());
        assertTrue(planted.epsilon() > 0.01 && planted.epsilon() < 0.04, planted.toString());
        DormancyFit.Result none = new DormancyFit(MBG, simulate(MBG, 0, 1500, 730, 11)).fit();
        assertFalse(none.significant(), none.toString());
        assertEquals(0, none.epsilon());
    }

    @Test
    void underTheJobsRegularityThePlantedRateOfRegularBuyersIsRecovered() {
        // regular buyers (Erlang-4 gaps) who pause now and then
        List<DormancyFit.Gaps> customers = simulate(MBG, 0.02, 600, 730, 4, 13);
        DormancyFit.Regularity job = new DormancyFit.Regularity(8, 3, 1.0);
        DormancyFit.Result erlang = new DormancyFit(MBG, customers, job).fit();
        assertTrue(erlang.significant(), erlang.toString());
        assertTrue(erlang.epsilon() > 0.013 && erlang.epsilon() < 0.03, erlang.toString());
        // and the gaps say they are regular: far likelier than read as exponential
        double exponential = new DormancyFit(MBG, customers).logLikelihood(erlang.epsilon());
        assertTrue(erlang.logLikelihood() > exponential + 100, erlang + " against " + exponential);
    }

    @Test
    void erlangSurvivalIsThePoissonDistributionFunction() {
        assertEquals(-2.0, DormancyFit.logSurvival(1, 2.0), 1e-12);
        // P(Poisson(3) <= 2) = e^-3 (1 + 3 + 4.5)
        assertEquals(Math.log(Math.exp(-3) * 8.5), DormancyFit.logSurvival(3, 3.0), 1e-12);
        assertEquals(0.0, DormancyFit.logSurvival(5, 0.0), 1e-12);
        DormancyFit.Gaps oneTime = new DormancyFit.Gaps(new double[] {}, 30);
        DormancyFit.Regularity job = new DormancyFit.Regularity(8, 3, 1.0);
        // too few gaps for regularity: the same likelihood as exponential gaps
        assertEquals(new DormancyFit(MBG, List.of(oneTime)).logLikelihood(oneTime, 0.01),
                new DormancyFit(MBG, List.of(oneTime), job).logLikelihood(oneTime, 0.01), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new DormancyFit.Regularity(0, 3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DormancyFit.Regularity(8, 3, 0));
    }

    @Test
    void badGapsAreRefusedWhereTheyAreBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new DormancyFit.Gaps(new double[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> new DormancyFit.Gaps(new double[] {1}, -1));
        assertThrows(IllegalArgumentException.class, () -> new DormancyFit(MBG, List.of()));
        assertEquals(new DormancyFit.Gaps(new double[] {3, 4}, 5).gaps()[1],
                DormancyFit.Gaps.ofDays(new long[] {10, 13, 17}, 22).gaps()[1]);
    }

    /** Customers who each start at day 0 and are observed for {@code days}: gaps are dormant with probability p. */
    private static List<DormancyFit.Gaps> simulate(BgNbdParameters p, double eps, int n, double days, long seed) {
        return simulate(p, eps, n, days, 1, seed);
    }

    /** As above, with active gaps Erlang-k (mean 1/λ). */
    private static List<DormancyFit.Gaps> simulate(BgNbdParameters p, double eps, int n, double days, int k, long seed) {
        MersenneTwister rng = new MersenneTwister(seed);
        GammaDistribution lambdas = new GammaDistribution(rng, p.r(), 1 / p.alpha());
        BetaDistribution ps = new BetaDistribution(rng, p.a(), p.b());
        Random coin = new Random(seed);
        List<DormancyFit.Gaps> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lambda = lambdas.sample();
            double drop = ps.sample();
            List<Double> gaps = new ArrayList<>();
            double t = 0;
            while (true) {
                boolean dormant = coin.nextDouble() < drop;
                double gap;
                if (dormant) {
                    gap = eps == 0 ? Double.POSITIVE_INFINITY : -Math.log(1 - coin.nextDouble()) / (eps * lambda);
                } else {
                    gap = 0;
                    for (int phase = 0; phase < k; phase++) {
                        gap += -Math.log(1 - coin.nextDouble()) / (k * lambda);
                    }
                }
                // buying days: a gap shorter than a day is the same occasion, as in the data
                gap = Math.max(1, Math.ceil(gap));
                if (t + gap > days) {
                    break;
                }
                gaps.add(gap);
                t += gap;
            }
            out.add(new DormancyFit.Gaps(gaps.stream().mapToDouble(Double::doubleValue).toArray(), days - t));
        }
        return out;
    }
}
