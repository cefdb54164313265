package io.kairos.customer;

import io.kairos.churn.BgNbdModel;
import io.kairos.churn.BgNbdParameters;
import io.kairos.customer.ChurnRiskModel.History;

/**
 * Leaving at a purchase, (M)BG/NBD's way ({@code kairos.churn.bgnbd.model} mbg or bg): a silent
 * customer either is alive or dropped out at their last purchase (odds a/(b+x), dormant since at
 * the rate {@link SilenceSurvival#dormant} gives); with visits as signs of life, also leaving
 * between purchases at the hazard {@link #leavingHazard}. The formulas are {@link ChurnRiskModel}'s
 * and docs/CUSTOMER-MODEL.md's.
 */
final class LeavingAtPurchase implements Leaving {
    private static final long serialVersionUID = 1L;

    private final CustomerModelSettings settings;
    private final SilenceSurvival survival;
    private final BgNbdModel bgNbd;

    LeavingAtPurchase(CustomerModelSettings settings, SilenceSurvival survival) {
        this.settings = settings;
        this.survival = survival;
        this.bgNbd = new BgNbdModel(settings.bgNbd);
    }

    @Override
    public double pAlive(History h, double logCues) {
        BgNbdParameters p = settings.bgNbd;
        double atPurchase = p.dropOutOdds(h.x()); // odds of dropping out at t_x
        double silent = h.T() - h.tx();
        // Negative cues are evidence of having left: logCues is a likelihood ratio on the odds.
        if (h.v() <= 0) {
            if (atPurchase == 0) {
                return 1.0;
            }
            return 1.0 / (1.0 + Math.exp(Math.log(atPurchase) + survival.dormant(h, silent) - survival.alive(h, silent) + logCues));
        }
        // With visits: alive means no purchase in (t_x, T] and no visit in (tL, T]; dropped out
        // at t_x means no visit after it either; leaving at u in (tL, T] (hazard mu) means no
        // purchase in (t_x, u] and no visit in (tL, u]. Likelihoods relative to "alive".
        double mu = leavingHazard(h);
        double logAlive = survival.alive(h, silent) - (h.v() + mu) * silent;
        double dead = h.visitedSince() || atPurchase == 0 ? 0 : atPurchase * Math.exp(survival.dormant(h, silent) - logAlive);
        dead += leftBetween(h, mu, logAlive);
        return 1.0 / (1.0 + dead * Math.exp(logCues));
    }

    /**
     * The hazard of leaving between purchases: the expected drop-out per purchase, a/(a+b+x) (MBG: b+x+1), at
     * the customer's expected purchase rate (r+kx)/(α+k t_x), k at its posterior mean.
     */
    double leavingHazard(History h) {
        BgNbdParameters p = settings.bgNbd;
        double k = GapRegularity.mean(h.w());
        double rate = (p.r() + k * h.x()) / (p.alpha() + k * h.tx());
        return rate * p.a() / (p.a() + p.bAfter(h.x()));
    }

    /**
     * ∫ over u in (tL, T] of mu e^{-(v+mu)(u-t_x)} S(u-t_x) du over the likelihood of "alive",
     * by Simpson's rule in log space.
     */
    private double leftBetween(History h, double mu, double logAlive) {
        double from = h.tL() - h.tx();
        double to = h.T() - h.tx();
        if (!(to > from)) {
            return 0;
        }
        // Simpson on a smooth integrand: 16 intervals raise the same flags as 64 on the planted
        // truth (churn-replay --seed 7: 811 of 955 right, delay 1.36 gaps) at 60% of the CPU
        int n = 16;
        double step = (to - from) / n;
        double[] logs = new double[n + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= n; i++) {
            double w = from + i * step;
            double weight = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            logs[i] = Math.log(weight) + survival.alive(h, w) - (h.v() + mu) * w - logAlive;
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return mu * step / 3 * Math.exp(max) * sum;
    }

    @Override
    public double pChurn(History h, double logCues, double pAlive, double horizonDays) {
        double silent = h.T() - h.tx();
        double noPurchaseIfAlive = Math.exp(survival.alive(h, silent + horizonDays) - survival.alive(h, silent));
        // a customer who dropped out is dormant: they buy again at ε times their rate (never if ε = 0)
        double noPurchaseIfLeft = Math.exp(survival.dormant(h, silent + horizonDays) - survival.dormant(h, silent));
        return pAlive * noPurchaseIfAlive + (1 - pAlive) * noPurchaseIfLeft;
    }

    @Override
    public double expectedPurchasesIfAlive(double horizonDays, int x, double T) {
        return bgNbd.expectedPurchasesIfAlive(horizonDays, x, T);
    }
}
