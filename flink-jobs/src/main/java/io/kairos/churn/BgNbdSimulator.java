package io.kairos.churn;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Simulates customers as BG/NBD assumes they behave (Fader, Hardie and Lee 2005): each buys at
 * a rate λ ~ Gamma(r, 1/α) per day while alive, and after each repeat purchase drops out for
 * good with probability p ~ Beta(a, b) (MBG/NBD parameters: after the first purchase too). Seeded, so a fit can be checked against the parameters
 * that made the data.
 */
public final class BgNbdSimulator {
    private BgNbdSimulator() {}

    /**
     * @param customers how many
     * @param cohortDays first purchases are spread uniformly over the first this many days
     * @param observedDays the observation ends this many days after the cohort starts
     */
    public static List<CustomerHistory> simulate(
            BgNbdParameters p, int customers, double cohortDays, double observedDays, long seed) {
        if (!(observedDays > cohortDays) || cohortDays < 0) {
            throw new IllegalArgumentException("need 0 <= cohortDays < observedDays");
        }
        RandomGenerator random = new Well19937c(seed);
        GammaDistribution rates = new GammaDistribution(random, p.r(), 1 / p.alpha());
        BetaDistribution dropouts = new BetaDistribution(random, p.a(), p.b());
        List<CustomerHistory> out = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            double lambda = rates.sample();
            double dropout = dropouts.sample();
            double T = observedDays - random.nextDouble() * cohortDays;
            int x = 0;
            double tx = 0;
            double t = 0;
            // MBG/NBD: the first purchase is a chance to drop out too
            boolean alive = p.variant() != BgNbdParameters.Variant.MBG || random.nextDouble() >= dropout;
            while (alive) {
                // λ can be tiny (r < 1 puts mass near 0): no purchase then within any window.
                t += lambda > 0 ? -Math.log(1 - random.nextDouble()) / lambda : Double.POSITIVE_INFINITY;
                if (t > T) {
                    break;
                }
                x++;
                tx = t;
                if (random.nextDouble() < dropout) {
                    break;
                }
            }
            out.add(new CustomerHistory(x, tx, T));
        }
        return out;
    }
}
