package io.kairos.churn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Maximum-likelihood fit of the BG/NBD, MBG/NBD or Pareto/NBD parameters (r, alpha, a, b) to customers' purchase
 * summaries, so that operators can refit the churn model from their own history
 * ({@code ./kairos fit-churn}).
 *
 * <p>Nelder-Mead over the logarithms of the parameters (so they stay positive without
 * constraints), from a few starting points, the best polished by a restart from itself. The
 * likelihood is the sum of {@link BgNbdModel#logLikelihood}; the terms that depend only on x
 * (log-gamma and log-beta) are computed once per distinct x, so one evaluation costs a few
 * logarithms per customer.
 */
public final class BgNbdFitter {
    private static final int MAX_EVALUATIONS = 20_000;

    /** The fitted parameters and how the fit went. */
    public record FitResult(
            BgNbdParameters parameters, double logLikelihood, int customers, int evaluations) {
        /**
         * Whether the maximum ran off to the edge of the parameter space (a parameter below 1e-6 or
         * above 1e6): no interior maximum, e.g. a homogeneous purchase rate (r, alpha to infinity)
         * with a drop-out probability of 0 or 1 (a, b to 0), which MBG/NBD can reach on a small
         * population of one-time buyers and steady repeat buyers. Such parameters describe no
         * population to predict with.
         */
        public boolean degenerate() {
            BgNbdParameters p = parameters;
            for (double v : new double[] {p.r(), p.alpha(), p.a(), p.b()}) {
                if (v < 1e-6 || v > 1e6) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<CustomerHistory> customers;
    private final int[] xs;
    private final double[] txs;
    private final double[] ts;
    private final int[] distinctX;
    private final int[] xIndex;

    private final BgNbdParameters.Variant variant;

    /** A BG/NBD fitter. */
    public BgNbdFitter(List<CustomerHistory> customers) {
        this(customers, BgNbdParameters.Variant.BG);
    }

    /** A fitter of the variant's likelihood (MBG/NBD: Batislam et al. 2007, eq. 3; Pareto/NBD: {@link ParetoNbd}). */
    public BgNbdFitter(List<CustomerHistory> customers, BgNbdParameters.Variant variant) {
        this.variant = java.util.Objects.requireNonNull(variant, "variant");
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customers to fit the churn model to");
        }
        if (customers.stream().noneMatch(c -> c.x() > 0)) {
            throw new IllegalArgumentException(
                    "no customer bought twice: the purchase rate and drop-out cannot be told apart"
                            + " without repeat purchases");
        }
        this.customers = List.copyOf(customers);
        int n = customers.size();
        xs = new int[n];
        txs = new double[n];
        ts = new double[n];
        Map<Integer, Integer> index = new HashMap<>();
        List<Integer> distinct = new ArrayList<>();
        xIndex = new int[n];
        for (int i = 0; i < n; i++) {
            CustomerHistory c = customers.get(i);
            xs[i] = c.x();
            txs[i] = c.tx();
            ts[i] = c.T();
            Integer k = index.get(c.x());
            if (k == null) {
                k = distinct.size();
                index.put(c.x(), k);
                distinct.add(c.x());
            }
            xIndex[i] = k;
        }
        distinctX = distinct.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The total log-likelihood of all customers under the parameters (of their own variant). */
    public double logLikelihood(BgNbdParameters p) {
        if (p.variant() == BgNbdParameters.Variant.PARETO) {
            double sum = 0;
            for (int i = 0; i < xs.length; i++) {
                sum += ParetoNbd.logLikelihood(p, xs[i], txs[i], ts[i]);
            }
            return sum;
        }
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double logBetaAB = Beta.logBeta(a, b);
        double logGammaR = Gamma.logGamma(r);
        double rLogAlpha = r * Math.log(alpha);
        double[] common = new double[distinctX.length];
        double[] logRepeatOdds = new double[distinctX.length];
        for (int k = 0; k < distinctX.length; k++) {
            int x = distinctX[k];
            common[k] = Beta.logBeta(a, p.bAfter(x)) - logBetaAB + Gamma.logGamma(r + x) - logGammaR + rLogAlpha;
            double odds = p.dropOutOdds(x);
            logRepeatOdds[k] = odds > 0 ? Math.log(odds) : Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < xs.length; i++) {
            int x = xs[i];
            int k = xIndex[i];
            double term1 = -(r + x) * Math.log(alpha + ts[i]);
            if (Double.isNaN(logRepeatOdds[k])) {
                sum += common[k] + term1;
            } else {
                double term2 = logRepeatOdds[k] - (r + x) * Math.log(alpha + txs[i]);
                double max = Math.max(term1, term2);
                sum += common[k] + max + Math.log(Math.exp(term1 - max) + Math.exp(term2 - max));
            }
        }
        return sum;
    }

    /** Fits from the default starting points. */
    public FitResult fit() {
        double meanT = 0;
        for (double t : ts) {
            meanT += t / ts.length;
        }
        // Starting points on different scales of purchase rate and drop-out; alpha near the
        // observation length covers customers who buy a few times in it.
        // Pareto/NBD's β is a time scale like alpha: lifetimes of a few observation lengths.
        List<double[]> starts = variant == BgNbdParameters.Variant.PARETO
                ? List.of(
                        new double[] {1, Math.max(1, meanT / 4), 0.5, Math.max(1, meanT / 2)},
                        new double[] {0.25, Math.max(1, meanT / 10), 1, Math.max(1, meanT)},
                        new double[] {2, Math.max(1, meanT), 2, Math.max(1, 2 * meanT)})
                : List.of(
                        new double[] {1, Math.max(1, meanT / 4), 1, 1},
                        new double[] {0.25, Math.max(1, meanT / 10), 0.8, 2.5},
                        new double[] {2, Math.max(1, meanT), 2, 5});
        PointValuePair best = null;
        int evaluations = 0;
        for (double[] start : starts) {
            Run run = optimize(logs(start));
            evaluations += run.evaluations;
            if (best == null || run.point.getValue() > best.getValue()) {
                best = run.point;
            }
        }
        Run polished = optimize(best.getPoint()); // a fresh simplex around the best
        evaluations += polished.evaluations;
        if (polished.point.getValue() > best.getValue()) {
            best = polished.point;
        }
        return new FitResult(parameters(best.getPoint()), best.getValue(), customers.size(), evaluations);
    }

    private record Run(PointValuePair point, int evaluations) {}

    private Run optimize(double[] start) {
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-10, 1e-8);
        PointValuePair point = optimizer.optimize(
                new MaxEval(MAX_EVALUATIONS),
                new ObjectiveFunction(logParams -> {
                    double ll = logLikelihood(parameters(logParams));
                    // Far-off corners overflow: treat them as impossible, not as an error.
                    return Double.isFinite(ll) ? ll : -1e300;
                }),
                GoalType.MAXIMIZE,
                new InitialGuess(start),
                new NelderMeadSimplex(new double[] {0.5, 0.5, 0.5, 0.5}));
        return new Run(point, optimizer.getEvaluations());
    }

    private static double[] logs(double[] values) {
        double[] logs = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            logs[i] = Math.log(values[i]);
        }
        return logs;
    }

    private BgNbdParameters parameters(double[] logParams) {
        return new BgNbdParameters(
                Math.exp(logParams[0]), Math.exp(logParams[1]), Math.exp(logParams[2]), Math.exp(logParams[3]), variant);
    }
}
