package io.kairos.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class ParetoNbdTest {
    private static final BgNbdParameters P = new BgNbdParameters(0.79, 41.0, 0.67, 103.0, BgNbdParameters.Variant.PARETO);

    /**
     * Fader and Hardie's closed form (2005 note, eq. 22 with α ≥ β):
     * Γ(r+x) α^r β^s / Γ(r) [ 1/((α+T)^(r+x) (β+T)^s) + s/(r+s+x) A0 ],
     * A0 = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^(r+s+x) − the same at T.
     */
    private static double closedForm(BgNbdParameters p, int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha(), s = p.a(), beta = p.b();
        double rsx = r + s + x;
        double a0 = BgNbdModel.Hypergeometric.h2f1(rsx, s + 1, rsx + 1, (alpha - beta) / (alpha + tx)) / Math.pow(alpha + tx, rsx)
                - BgNbdModel.Hypergeometric.h2f1(rsx, s + 1, rsx + 1, (alpha - beta) / (alpha + T)) / Math.pow(alpha + T, rsx);
        double bracket = 1 / (Math.pow(alpha + T, r + x) * Math.pow(beta + T, s)) + s / rsx * a0;
        return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + Math.log(bracket);
    }

    @Test
    void theLikelihoodIsThePublishedClosedForm() {
        // α ≥ β, where the series of the closed form converges
        BgNbdParameters p = new BgNbdParameters(0.55, 74.0, 0.61, 40.0, BgNbdParameters.Variant.PARETO);
        double[][] histories = {{0, 0, 300}, {1, 20, 300}, {5, 200, 364}, {12, 350, 364}, {3, 10, 40}, {2, 5, 5}};
        for (double[] h : histories) {
            assertEquals(closedForm(p, (int) h[0], h[1], h[2]), ParetoNbd.logLikelihood(p, (int) h[0], h[1], h[2]), 1e-6,
                    "x=" + h[0] + " tx=" + h[1] + " T=" + h[2]);
        }
    }

    @Test
    void recoversThePlantedPopulation() {
        List<CustomerHistory> customers = simulate(P, 3000, 364, 5);
        BgNbdFitter.FitResult fit = new BgNbdFitter(customers, BgNbdParameters.Variant.PARETO).fit();
        BgNbdParameters f = fit.parameters();
        assertEquals(BgNbdParameters.Variant.PARETO, f.variant());
        // the purchase rate's mean r/α and the death rate's mean s/β are what the data pin down
        assertEquals(P.r() / P.alpha(), f.r() / f.alpha(), 0.15 * P.r() / P.alpha(), f.toString());
        assertEquals(P.a() / P.b(), f.a() / f.b(), 0.3 * P.a() / P.b(), f.toString());
        assertTrue(fit.logLikelihood() >= new BgNbdFitter(customers, BgNbdParameters.Variant.PARETO).logLikelihood(P) - 1e-6,
                "the maximum is at least as likely as the truth");
    }

    @Test
    void expectedPurchasesAreContinuousThroughSEqualToOne() {
        double at = ParetoNbd.expectedPurchasesIfAlive(new BgNbdParameters(1, 40, 1.0, 100, BgNbdParameters.Variant.PARETO), 90, 4, 200);
        double near = ParetoNbd.expectedPurchasesIfAlive(new BgNbdParameters(1, 40, 1.0001, 100, BgNbdParameters.Variant.PARETO), 90, 4, 200);
        assertEquals(at, near, 1e-3 * at);
        // with deaths rare (β huge) it is the rate times the horizon
        double immortal = ParetoNbd.expectedPurchasesIfAlive(new BgNbdParameters(1, 40, 0.5, 1e9, BgNbdParameters.Variant.PARETO), 90, 4, 200);
        assertEquals(5.0 / 240 * 90, immortal, 1e-4);
    }

    @Test
    void paretoHasNoDropOutChancesToAskAbout() {
        assertThrows(IllegalStateException.class, () -> P.dropOutOdds(2));
        assertEquals(BgNbdParameters.Variant.PARETO, BgNbdParameters.Variant.named(" Pareto "));
        assertTrue(P.toString().startsWith("Pareto/NBD"), P.toString());
    }

    /** Customers whose first purchase is spread over the first quarter, observed until {@code days}. */
    static List<CustomerHistory> simulate(BgNbdParameters p, int n, double days, long seed) {
        MersenneTwister rng = new MersenneTwister(seed);
        GammaDistribution lambdas = new GammaDistribution(rng, p.r(), 1 / p.alpha());
        GammaDistribution mus = new GammaDistribution(rng, p.a(), 1 / p.b());
        List<CustomerHistory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double start = rng.nextDouble() * days / 4;
            double T = days - start;
            double lambda = lambdas.sample();
            double death = -Math.log(1 - rng.nextDouble()) / mus.sample();
            double end = Math.min(death, T);
            int x = 0;
            double tx = 0;
            double t = -Math.log(1 - rng.nextDouble()) / lambda;
            while (t < end) {
                x++;
                tx = t;
                t += -Math.log(1 - rng.nextDouble()) / lambda;
            }
            out.add(new CustomerHistory(x, tx, T));
        }
        return out;
    }
}
