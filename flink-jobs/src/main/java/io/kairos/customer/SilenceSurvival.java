package io.kairos.customer;

import io.kairos.churn.BgNbdParameters;
import java.io.Serializable;

/**
 * How likely a customer's silence is, in each reading of it: still buying at their own rate
 * ({@link #alive}, with Erlang-k gaps averaged over the posterior of k, {@link GapRegularity}), or
 * dropped out at their last purchase and dormant since ({@link #dormant}, buying at ε times that
 * rate, {@code kairos.churn.bgnbd.dormant-rate}; never again when ε = 0). Both in log space, as
 * functions of the silence s in days; {@link ChurnRiskModel} weighs them into P(alive) and pChurn.
 */
final class SilenceSurvival implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BgNbdParameters parameters;
    private final double dormantRate;

    SilenceSurvival(CustomerModelSettings settings) {
        this.parameters = settings.bgNbd;
        this.dormantRate = settings.dormantRate;
    }

    /**
     * log D(s): log P(no purchase within s days after the last one | dormant since then), with
     * the dormant rate ελ ({@code kairos.churn.bgnbd.dormant-rate}) and the posterior of λ given
     * k: log Σ w_k ((α + k t_x)/(α + k t_x + ε s))^(r + kx). 0 when ε = 0 (gone for good).
     */
    double dormant(ChurnRiskModel.History h, double s) {
        double eps = dormantRate;
        if (eps == 0 || s <= 0) {
            return 0;
        }
        BgNbdParameters p = parameters;
        double[] w = h.w();
        double max = Double.NEGATIVE_INFINITY;
        double[] logs = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            int k = i + 1;
            double scale = p.alpha() + k * h.tx();
            logs[i] = w[i] < 1e-9 ? Double.NEGATIVE_INFINITY
                    : Math.log(w[i]) + (p.r() + (double) k * h.x()) * (Math.log(scale) - Math.log(scale + eps * s));
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return Math.min(0, max + Math.log(sum));
    }

    /**
     * log S(s): log P(no purchase within s days after the last one | alive then), averaged over
     * the posterior of the gaps' Erlang order k: log Σ w_k S_k(s).
     */
    double alive(ChurnRiskModel.History h, double s) {
        double[] w = h.w();
        if (w.length == 1) {
            return alive(h, 1, s);
        }
        double[] logs = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < w.length; i++) {
            // weights this small change nothing a probability is shown or compared with
            logs[i] = w[i] < 1e-9 ? Double.NEGATIVE_INFINITY : Math.log(w[i]) + alive(h, i + 1, s);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return Math.min(0, max + Math.log(sum));
    }

    /**
     * log S_k(s) for Erlang-k gaps, under the posterior Gamma(r + kx, α + k t_x) of the purchase
     * rate: log P(N ≤ k−1), N ~ NB(r + kx, q), q = (α + k t_x)/(α + k t_x + k s).
     */
    double alive(ChurnRiskModel.History h, int k, double s) {
        BgNbdParameters p = parameters;
        double shape = p.r() + (double) k * h.x();
        double scale = p.alpha() + k * h.tx();
        double logQ = Math.log(scale) - Math.log(scale + k * s);
        if (k == 1) {
            return shape * logQ;
        }
        double log1mQ = Math.log(k * s) - Math.log(scale + k * s);
        if (s <= 0) {
            return 0;
        }
        // sum_{j<k} Γ(shape+j)/(Γ(shape) j!) q^shape (1-q)^j, in log space
        // term_j / term_0 = prod_{i<j} (shape+i)/(i+1) (1-q): summed relative to term 0
        double ratio = Math.exp(log1mQ);
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= (shape + j - 1) / j * ratio;
            sum += term;
        }
        return Math.min(0, shape * logQ + Math.log(sum));
    }
}
