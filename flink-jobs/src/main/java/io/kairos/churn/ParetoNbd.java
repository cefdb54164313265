package io.kairos.churn;

import org.apache.commons.math3.special.Gamma;

/**
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987, "Counting your customers", Management
 * Science 33(1)): while alive a customer buys at rate λ ~ Gamma(r, α); they die at an
 * exponential time of rate μ ~ Gamma(s, β), at any moment, not only after a purchase as in
 * BG/NBD. So the lifetime τ is Pareto (Lomax): P(τ &gt; t) = (β/(β+t))<sup>s</sup>. In {@link
 * BgNbdParameters} of variant {@link BgNbdParameters.Variant#PARETO}, a is s and b is β (days).
 *
 * <p>The likelihood of a summary (x, t<sub>x</sub>, T), λ and μ integrated out (Fader and Hardie
 * 2005, "A note on deriving the Pareto/NBD model and related expressions", eq. 1 before the
 * hypergeometric closed form), alive at T or dead at τ in (t<sub>x</sub>, T]:
 *
 * <pre>
 *   Γ(r+x)/Γ(r) α^r [ (β/(β+T))^s (α+T)^-(r+x) + ∫_{t_x}^{T} s β^s (β+τ)^-(s+1) (α+τ)^-(r+x) dτ ]
 * </pre>
 *
 * The integral is taken numerically (Simpson's rule in log(β+τ), where the integrand is smooth)
 * rather than through 2F1, whose series needs a different transformation when α and β are close.
 */
public final class ParetoNbd {
    /** Simpson intervals: the log-likelihood of a year's history to better than 1e-6. */
    private static final int INTERVALS = 32;

    private ParetoNbd() {}

    /** The log-likelihood of one customer's summary under Pareto/NBD parameters (r, α, s = a, β = b). */
    public static double logLikelihood(BgNbdParameters p, int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha();
        double common = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        return common + logBracket(p, x, tx, T);
    }

    /** log of the bracket above: the part that depends on the parameters beyond r and α's constant. */
    public static double logBracket(BgNbdParameters p, int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha(), s = p.a(), beta = p.b();
        double alive = s * (Math.log(beta) - Math.log(beta + T)) - (r + x) * Math.log(alpha + T);
        if (!(T > tx)) {
            return alive;
        }
        // τ = e^u − β for u in [log(β+t_x), log(β+T)]: dτ = e^u du, so the integrand becomes
        // s β^s e^(−s u) (α + e^u − β)^−(r+x)
        double from = Math.log(beta + tx);
        double to = Math.log(beta + T);
        double h = (to - from) / INTERVALS;
        double logSBetaS = Math.log(s) + s * Math.log(beta);
        double[] logs = new double[INTERVALS + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= INTERVALS; i++) {
            double u = from + i * h;
            double weight = i == 0 || i == INTERVALS ? 1 : (i % 2 == 1 ? 4 : 2);
            logs[i] = Math.log(weight) + logSBetaS - s * u - (r + x) * Math.log(alpha + Math.exp(u) - beta);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return LogSpace.add(alive, max + Math.log(sum * h / 3));
    }

    /**
     * P(alive at T | x, t_x, T): the alive term of the likelihood over all of it (Fader and
     * Hardie 2005, eq. 11 in this form).
     */
    public static double pAlive(BgNbdParameters p, int x, double tx, double T) {
        double alive = p.a() * (Math.log(p.b()) - Math.log(p.b() + T)) - (p.r() + x) * Math.log(p.alpha() + T);
        return Math.exp(alive - logBracket(p, x, tx, T));
    }

    /**
     * Expected purchases in the next t days for a customer alive now, with x repeat purchases and
     * age T (Fader and Hardie 2005, eq. 21 without its P(alive) factor):
     * (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)]; for s = 1 the limit,
     * (r+x)(β+T)/(α+T) · log((β+T+t)/(β+T)).
     */
    public static double expectedPurchasesIfAlive(BgNbdParameters p, double t, int x, double T) {
        double r = p.r(), alpha = p.alpha(), s = p.a(), beta = p.b();
        double rate = (r + x) / (alpha + T);
        double logRatio = Math.log(beta + T + t) - Math.log(beta + T);
        if (Math.abs(s - 1) < 1e-9) {
            return rate * (beta + T) * logRatio;
        }
        return rate * (beta + T) / (s - 1) * -Math.expm1(-(s - 1) * logRatio);
    }
}
