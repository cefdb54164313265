package io.kairos.customer;

import io.kairos.churn.BgNbdParameters;
import io.kairos.churn.LogSpace;
import io.kairos.churn.ParetoNbd;

/**
 * P(alive) and P(no purchase within the horizon) under Pareto/NBD death ({@code
 * kairos.churn.bgnbd.model} pareto; {@link io.kairos.churn.ParetoNbd}): a customer can leave at
 * any moment, at a rate μ ~ Gamma(s, β), not only right after a purchase as under (M)BG/NBD. With
 * the job's two extensions kept: gaps are Erlang-k, averaged over the posterior of k ({@link
 * GapRegularity}), and a customer who left is dormant, buying at ε times their rate ({@code
 * kairos.churn.bgnbd.dormant-rate}).
 *
 * <p>Given the history (x occasions after the first, the last at t<sub>x</sub>, silent since,
 * σ = T − t<sub>x</sub> days), with N<sub>k</sub>(u, w) the probability of no purchase in u days
 * active and then w days dormant, under the posterior Gamma(r+kx, α+k t<sub>x</sub>) of λ,
 *
 * <pre>
 *   N_k(u, w) = Σ_{j&lt;k} Γ(r+kx+j)/(Γ(r+kx) j!) · b^(r+kx) (ku)^j / (b + ku + εw)^(r+kx+j),  b = α + k t_x
 *   alive:      A(e) = Σ_k w_k N_k(e, 0) · ((β+t_x)/(β+t_x+e))^s
 *   left at u:  D(u0, u1; e) = Σ_k w_k ∫_{u0}^{u1} s (β+t_x)^s (β+t_x+u)^-(s+1) N_k(u, e−u) du
 *   P(alive)  = A(σ) / (A(σ) + D(0, σ; σ))
 *   pChurn    = (A(σ+H) + D(0, σ+H; σ+H)) / (A(σ) + D(0, σ; σ))
 * </pre>
 *
 * that is the probability of no purchase until σ + H given none until σ, alive or not. μ's
 * posterior given survival to t<sub>x</sub> is Gamma(s, β+t<sub>x</sub>), hence the β+t<sub>x</sub>.
 * Visits (rate v, the last at tL) say the customer was there at tL: leaving is counted from tL,
 * and each reading pays for the visits it did not see, e<sup>−v·(time present after tL)</sup>.
 * Negative cues multiply the odds of having left by e<sup>w·cues</sup>, as under (M)BG/NBD.
 */
final class ParetoSurvival implements Leaving {
    private static final long serialVersionUID = 1L;
    /** Simpson intervals in log(g + u): the mass near the last purchase gets most of the nodes. */
    private static final int INTERVALS = 24;

    private final BgNbdParameters p;
    private final double dormantRate;
    private final SilenceSurvival survival;

    ParetoSurvival(CustomerModelSettings settings, SilenceSurvival survival) {
        this.p = settings.bgNbd;
        this.dormantRate = settings.dormantRate;
        this.survival = survival;
    }

    @Override
    public double pAlive(ChurnRiskModel.History h, double logCues) {
        double silent = h.T() - h.tx();
        double uL = uL(h);
        double alive = logAlive(h, silent) - h.v() * (silent - uL);
        double left = logLeft(h, uL, silent, silent) + logCues;
        return 1.0 / (1.0 + Math.exp(left - alive));
    }

    /** P(no purchase within {@code horizon} days); P(alive) comes out of the same sums, so it is not needed. */
    @Override
    public double pChurn(ChurnRiskModel.History h, double logCues, double pAlive, double horizon) {
        double silent = h.T() - h.tx();
        double uL = uL(h);
        double unseen = -h.v() * (silent - uL);
        double now = LogSpace.add(logAlive(h, silent) + unseen, logLeft(h, uL, silent, silent) + logCues);
        double end = silent + horizon;
        // alive now: still alive at the end, or leaving within the horizon; left already: dormant on
        // (logLeft counts the unseen visits up to now itself)
        double later = LogSpace.add(LogSpace.add(logAlive(h, end) + unseen, logLeft(h, silent, end, end)),
                logLeft(h, uL, silent, end) + logCues);
        return Math.min(1, Math.exp(later - now));
    }

    /** Pareto/NBD's expectation for a customer alive now ({@link ParetoNbd#expectedPurchasesIfAlive}). */
    @Override
    public double expectedPurchasesIfAlive(double horizonDays, int x, double T) {
        return ParetoNbd.expectedPurchasesIfAlive(p, horizonDays, x, T);
    }

    /** Days after t_x from which the customer can have left: their last visit after t_x, else t_x. */
    private static double uL(ChurnRiskModel.History h) {
        return h.visitedSince() ? Math.max(0, h.tL() - h.tx()) : 0;
    }

    /** log A(e): alive e days after t_x without a purchase. */
    double logAlive(ChurnRiskModel.History h, double e) {
        double s = p.a(), beta = p.b();
        return survival.alive(h, e) + s * (Math.log(beta + h.tx()) - Math.log(beta + h.tx() + e));
    }

    /**
     * log D(u0, u1; e) with the visits' factor: left u in (u0, u1] days after t_x, no purchase up
     * to e days after t_x, no visit from tL until they left (or until now, if that is sooner).
     */
    double logLeft(ChurnRiskModel.History h, double u0, double u1, double e) {
        if (!(u1 > u0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = p.a(), beta = p.b(), r = p.r(), alpha = p.alpha();
        double silent = h.T() - h.tx();
        double uL = uL(h);
        // nodes uniform in z = log(g + u), g the customer's mean gap: dense where a frequent
        // buyer's leaving is likely (soon after t_x), even over a long silence
        double g = (alpha + h.tx()) / (r + h.x());
        double z0 = Math.log(g + u0);
        double z1 = Math.log(g + u1);
        double step = (z1 - z0) / INTERVALS;
        double logDensityConst = Math.log(s) + s * Math.log(beta + h.tx());
        double[] w = h.w();
        double[] logs = new double[INTERVALS + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= INTERVALS; i++) {
            double z = z0 + i * step;
            double u = Math.max(u0, Math.min(u1, Math.exp(z) - g));
            double simpson = i == 0 || i == INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2);
            double visits = h.v() > 0 ? -h.v() * Math.max(0, Math.min(u, silent) - uL) : 0;
            double mixture = Double.NEGATIVE_INFINITY;
            for (int k = 1; k <= w.length; k++) {
                if (w[k - 1] >= 1e-9) {
                    mixture = LogSpace.add(mixture, Math.log(w[k - 1]) + logNoPurchase(h, k, u, e - u));
                }
            }
            logs[i] = Math.log(simpson) + z // du = e^z dz
                    + logDensityConst - (s + 1) * Math.log(beta + h.tx() + u) + visits + mixture;
            max = Math.max(max, logs[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum * step / 3);
    }

    /** log N_k(u, w): no purchase in u days active (Erlang-k gaps) and then w days dormant. */
    private double logNoPurchase(ChurnRiskModel.History h, int k, double u, double w) {
        double shape = p.r() + (double) k * h.x();
        double b = p.alpha() + k * h.tx();
        double denominator = b + k * u + dormantRate * Math.max(0, w);
        double q = k * u / denominator;
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= (shape + j - 1) / j * q;
            sum += term;
        }
        return shape * (Math.log(b) - Math.log(denominator)) + Math.log(sum);
    }
}
