package io.kairos.churn;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Gamma;

/**
 * Fits the dormant rate ε of {@code kairos.churn.bgnbd.dormant-rate}: how fast a customer who
 * "dropped out" buys again, as a share of their own purchase rate.
 *
 * <h2>The model</h2>
 *
 * MBG/NBD's drop-out is for good; a grocer's customers pause and come back (on the BTYDplus
 * grocery log a fifth of the repeat buyers MBG/NBD called dead, pChurn 0.96-1.0, bought again in
 * the next year). Here a drop-out is a dormant spell instead: at each drop-out chance (after
 * every purchase under MBG/NBD, every repeat purchase under BG/NBD) the customer goes dormant with
 * probability p ~ Beta(a, b) and buys at rate ελ instead of λ ~ Gamma(r, α); their next purchase
 * ends it, with the same chances again. So each gap is an active gap (mean 1/λ) with probability
 * 1 − p, or a dormant one, Exp(ελ), with probability p. ε = 0 with exponential gaps is MBG/NBD
 * (BG/NBD) exactly.
 *
 * <h2>The fit</h2>
 *
 * A customer's likelihood, with gaps g<sub>1..x</sub> and the silence s since the last purchase,
 *
 * <pre>
 *   E_{λ,p}[ Π_j ((1−p) f_k(g_j | λ) + p ελ e^(−ελ g_j)) · ((1−p) S_k(s | λ) + p e^(−ελ s)) ]
 * </pre>
 *
 * where an active gap is Erlang-k with mean 1/λ, f<sub>k</sub>(g | λ) = (kλ)<sup>k</sup>
 * g<sup>k−1</sup> e<sup>−kλg</sup> / Γ(k), and S<sub>k</sub> its survival: the same gaps the job
 * reads a customer's rhythm with ({@link Regularity}; k = 1, exponential, is BG/NBD's). The
 * likelihood is averaged over k = 1..K with the job's prior over k ({@code
 * kairos.churn.max-regularity}, {@code regularity-min-gaps}, {@code regularity-prior}), so ε is
 * fitted under the model that uses it: fitted under exponential gaps it read a regular buyer's
 * ordinary jitter as nothing and their long pauses as plain bad luck, and came out an order of
 * magnitude smaller (0.0025 against 0.016 on the BTYDplus grocery log, docs/TESTING-A-CHANGE.md).
 *
 * <p>It needs every gap, not the summary (x, t_x, T) of BG/NBD. For a given λ and k the product
 * is a sum over how many of the n draws were dormant, Σ_m e_m p^m (1−p)^(n−m), whose
 * coefficients e_m (sums of products of positive terms, built up one draw at a time) integrate
 * against the beta in closed form, B(a+m, b+n−m)/B(a, b); λ is integrated numerically on a grid
 * in log λ wide enough for both readings of the history. ε is fitted by maximum likelihood with
 * r, α, a, b held at their MBG/NBD (BG/NBD) fit: a golden-section search on log ε. It is kept only
 * when the likelihood ratio against ε = 0 is significant at 5% (2 Δ log L &gt; 3.84); otherwise
 * ε = 0.
 *
 * <p>The job cannot keep every gap, so it conditions on its summary as if the gaps before the
 * current silence were active, and lets the silence be dormant (docs/CUSTOMER-MODEL.md). Under
 * Pareto/NBD it uses the ε fitted here under MBG/NBD to the same buyers: ε says how fast a
 * customer who left buys again, which is a property of the gaps rather than of when leaving
 * happens (a Pareto/NBD version of this likelihood, leaving at any moment of any gap, is not
 * built yet).
 */
public final class DormancyFit {
    /** Twice the log-likelihood gain a dormant rate must bring: chi-square with one degree of freedom at 5%. */
    static final double SIGNIFICANT = 3.84;
    private static final double MIN_EPSILON = 1e-6;
    private static final double MAX_EPSILON = 0.5;
    private static final int COARSE_NODES = 64;
    /** Nodes this far (in log) below the peak add nothing a sum of thousands of customers shows. */
    private static final double NEGLIGIBLE = 40;

    /** One customer's purchase history in days: the gaps between buying days, and the silence since the last. */
    public record Gaps(double[] gaps, double silence) {
        public Gaps {
            for (double g : gaps) {
                if (!(g > 0) || Double.isInfinite(g)) {
                    throw new IllegalArgumentException("gaps must be positive and finite, got " + g);
                }
            }
            if (!(silence >= 0) || Double.isInfinite(silence)) {
                throw new IllegalArgumentException("silence must be >= 0 and finite, got " + silence);
            }
        }

        /** From the sorted ages (days since some origin) of a customer's distinct buying days, observed until {@code end}. */
        public static Gaps ofDays(long[] days, long end) {
            double[] g = new double[days.length - 1];
            for (int i = 1; i < days.length; i++) {
                g[i - 1] = days[i] - days[i - 1];
            }
            return new Gaps(g, end - days[days.length - 1]);
        }
    }

    /** The fitted ε (0 when not significant) and the log-likelihoods it was chosen by. */
    public record Result(double epsilon, double bestEpsilon, double logLikelihood, double logLikelihoodAtZero) {
        public boolean significant() {
            return 2 * (logLikelihood - logLikelihoodAtZero) > SIGNIFICANT;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "dormant rate %.5f (best %.5f, log-likelihood %.1f against %.1f at 0: %s)",
                    epsilon, bestEpsilon, logLikelihood, logLikelihoodAtZero,
                    significant() ? "kept" : "not significant, so 0");
        }
    }

    /**
     * The prior over the Erlang order k of a customer's active gaps, as the job has it ({@code
     * kairos.churn.max-regularity} K, {@code kairos.churn.regularity-min-gaps}, {@code
     * kairos.churn.regularity-prior} ρ): P(k) ∝ ρ^(k−1) for k = 1..K, for customers with at least
     * minGaps gaps; exponential gaps (k = 1) for the rest.
     */
    public record Regularity(int maxK, int minGaps, double priorStep) {
        /** BG/NBD's exponential gaps for everybody. */
        public static final Regularity EXPONENTIAL = new Regularity(1, 1, 1);

        public Regularity {
            if (maxK < 1 || minGaps < 1 || !(priorStep > 0 && priorStep <= 1)) {
                throw new IllegalArgumentException("regularity: K >= 1, min gaps >= 1 and a prior step in (0, 1], got "
                        + maxK + ", " + minGaps + ", " + priorStep);
            }
        }

        /** log P(k) for k = 1..K (index k − 1) for a customer with {@code gaps} gaps. */
        double[] logPrior(int gaps) {
            if (maxK == 1 || gaps < minGaps) {
                return new double[] {0};
            }
            double[] log = new double[maxK];
            double norm = 0;
            for (int k = 1; k <= maxK; k++) {
                norm += Math.pow(priorStep, k - 1);
            }
            for (int k = 1; k <= maxK; k++) {
                log[k - 1] = (k - 1) * Math.log(priorStep) - Math.log(norm);
            }
            return log;
        }
    }

    private final BgNbdParameters p;
    private final List<Gaps> customers;
    private final double logBetaAB;
    private final double logGammaR;
    private final Regularity regularity;

    /** A fit under exponential gaps (BG/NBD's). */
    public DormancyFit(BgNbdParameters parameters, List<Gaps> customers) {
        this(parameters, customers, Regularity.EXPONENTIAL);
    }

    /** A fit under the job's Erlang-k gaps, with its prior over k. */
    public DormancyFit(BgNbdParameters parameters, List<Gaps> customers, Regularity regularity) {
        this.regularity = java.util.Objects.requireNonNull(regularity, "regularity");
        if (parameters.variant() == BgNbdParameters.Variant.PARETO) {
            throw new IllegalArgumentException("the dormant rate is fitted under MBG/NBD's (or BG/NBD's) drop-out"
                    + " chances, not Pareto/NBD's: pass those parameters, fitted to the same buyers");
        }
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customers to fit the dormant rate to");
        }
        this.p = parameters;
        this.customers = List.copyOf(customers);
        this.logBetaAB = logBeta(p.a(), p.b());
        this.logGammaR = Gamma.logGamma(p.r());
    }

    /** The maximum-likelihood ε in [1e-6, 0.5], kept if significant against 0. */
    public Result fit() {
        double atZero = logLikelihood(0);
        // golden-section search on log ε: the likelihood is smooth and, here, single-peaked in it
        double lo = Math.log(MIN_EPSILON);
        double hi = Math.log(MAX_EPSILON);
        double golden = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - golden * (hi - lo);
        double x2 = lo + golden * (hi - lo);
        double f1 = logLikelihood(Math.exp(x1));
        double f2 = logLikelihood(Math.exp(x2));
        while (hi - lo > 0.03) { // ε to about 3%
            if (f1 > f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - golden * (hi - lo);
                f1 = logLikelihood(Math.exp(x1));
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + golden * (hi - lo);
                f2 = logLikelihood(Math.exp(x2));
            }
        }
        double best = f1 > f2 ? Math.exp(x1) : Math.exp(x2);
        double ll = Math.max(f1, f2);
        Result r = new Result(best, best, ll, atZero);
        return r.significant() ? r : new Result(0, best, ll, atZero);
    }

    /**
     * The total log-likelihood at ε (0: MBG/NBD or BG/NBD exactly); −∞ where it cannot be
     * evaluated (parameters at the edge of their space lose every digit), so a search moves away.
     */
    public double logLikelihood(double epsilon) {
        double sum = 0;
        for (Gaps c : customers) {
            sum += logLikelihood(c, epsilon);
        }
        return Double.isNaN(sum) ? Double.NEGATIVE_INFINITY : sum;
    }

    double logLikelihood(Gaps c, double epsilon) {
        double[] logPrior = regularity.logPrior(c.gaps.length);
        double sum = Double.NEGATIVE_INFINITY;
        for (int k = 1; k <= logPrior.length; k++) {
            sum = LogSpace.add(sum, logPrior[k - 1] + logLikelihood(c, epsilon, k));
        }
        return sum;
    }

    /** The likelihood with Erlang-k active gaps. */
    private double logLikelihood(Gaps c, double epsilon, int k) {
        int x = c.gaps.length;
        double r = p.r();
        double alpha = p.alpha();
        double tx = 0;
        for (double g : c.gaps) {
            tx += g;
        }
        double bigT = tx + c.silence;
        // the draws: each gap after a drop-out chance, and the silence if the last purchase was one
        boolean firstIsChance = p.variant() == BgNbdParameters.Variant.MBG;
        int firstDraw = firstIsChance ? 0 : 1; // BG/NBD: no chance at the first purchase
        int n = x + 1 - firstDraw;
        if (n <= 0) { // a BG/NBD one-time buyer: alive for sure, (α/(α+T))^r (no gaps: k plays no part)
            return r * (Math.log(alpha) - Math.log(alpha + bigT));
        }
        double[] logBetaM = new double[n + 1];
        for (int m = 0; m <= n; m++) {
            logBetaM[m] = logBeta(p.a() + m, p.b() + n - m) - logBetaAB;
        }
        // λ in u = log λ: a coarse pass over a range wide enough for both readings of the
        // history (all gaps active; long ones dormant) finds where the mass is, a fine pass
        // spaced against the posterior's width integrates it there (trapezoid rule)
        // the posterior of λ narrows with k: Gamma(r + kx, α + k t_x) while all gaps are active
        double w = 4.5 / Math.sqrt(r + x) + 1.5;
        double uLo = Math.log((r + x) / (alpha + bigT)) - w - 4;
        double uHi = Math.log((r + x) / alpha) + w;
        double coarseStep = (uHi - uLo) / (COARSE_NODES - 1);
        double[] coarse = new double[COARSE_NODES];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < COARSE_NODES; i++) {
            coarse[i] = logIntegrand(c, epsilon, k, uLo + i * coarseStep, firstDraw, n, logBetaM);
            peak = Math.max(peak, coarse[i]);
        }
        int first = 0;
        int last = COARSE_NODES - 1;
        while (first < last && coarse[first] < peak - NEGLIGIBLE) {
            first++;
        }
        while (last > first && coarse[last] < peak - NEGLIGIBLE) {
            last--;
        }
        double from = uLo + Math.max(0, first - 1) * coarseStep;
        double to = uLo + Math.min(COARSE_NODES - 1, last + 1) * coarseStep;
        // spaced at 0.8 of the narrowest posterior's width in log λ, 1/√(r+kx): the trapezoid rule
        // on a smooth bell is exact far beyond that (the grocery log's log-likelihood moves by 0.1
        // against a 0.3 spacing, at 60% of the time)
        int nodes = (int) Math.min(2_000, Math.max(16, Math.ceil((to - from) * Math.sqrt(r + (double) k * x) / 0.8)));
        double du = (to - from) / (nodes - 1);
        double[] logs = new double[nodes];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nodes; i++) {
            logs[i] = logIntegrand(c, epsilon, k, from + i * du, firstDraw, n, logBetaM)
                    + (i == 0 || i == nodes - 1 ? Math.log(0.5) : 0);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return max + Math.log(sum * du);
    }

    /**
     * log of the likelihood at λ = e^u times the prior density of u: the history's terms given
     * λ, summed over how many of the n draws were dormant (coefficients built one draw at a time,
     * rescaled as they go), against the beta's moments B(a+m, b+n−m)/B(a, b).
     */
    private double logIntegrand(Gaps c, double epsilon, int k, double u, int firstDraw, int n, double[] logBetaM) {
        int x = c.gaps.length;
        double lambda = Math.exp(u);
        double logEps = epsilon > 0 ? Math.log(epsilon) : Double.NEGATIVE_INFINITY;
        // log f_k(g | λ) = k log(kλ) + (k−1) log g − kλg − log Γ(k)
        double logKLambda = Math.log(k) + u;
        double logGammaK = Gamma.logGamma(k);
        double logScale = 0;
        double[] e = new double[n + 1];
        e[0] = 1;
        int drawn = 0;
        for (int j = 0; j <= x; j++) {
            boolean isGap = j < x;
            double span = isGap ? c.gaps[j] : c.silence;
            double logA = isGap
                    ? k * logKLambda + (k - 1) * Math.log(span) - k * lambda * span - logGammaK
                    : logSurvival(k, k * lambda * span);
            if (j < firstDraw) {
                logScale += logA;
                continue;
            }
            double logB = (isGap ? logEps + u : 0) - epsilon * lambda * span;
            double top = Math.max(logA, logB);
            double aN = Math.exp(logA - top);
            double bN = Math.exp(logB - top);
            logScale += top;
            drawn++;
            double eMax = 0;
            for (int m = drawn; m >= 0; m--) {
                double v = e[m] * aN + (m > 0 ? e[m - 1] * bN : 0);
                e[m] = v;
                eMax = Math.max(eMax, v);
            }
            for (int m = 0; m <= drawn; m++) {
                e[m] /= eMax;
            }
            logScale += Math.log(eMax);
        }
        double inner = Double.NEGATIVE_INFINITY;
        for (int m = 0; m <= n; m++) {
            if (e[m] > 0) {
                inner = LogSpace.add(inner, Math.log(e[m]) + logBetaM[m]);
            }
        }
        double r = p.r();
        double prior = r * Math.log(p.alpha()) - logGammaR + r * u - p.alpha() * lambda;
        return logScale + inner + prior;
    }

    /** log P(Poisson(z) ≤ k−1): the chance that an Erlang-k gap with kλs = z is longer than s. */
    static double logSurvival(int k, double z) {
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= z / j;
            sum += term;
        }
        return -z + Math.log(sum);
    }

    private static double logBeta(double a, double b) {
        return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    }
}
