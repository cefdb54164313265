package io.kairos.loadgen.churn;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A percentile bootstrap confidence interval of a statistic over {@code n} customers: the
 * statistic on {@code resamples} samples of n drawn with replacement, and the quantiles at
 * (1 - level) / 2 and (1 + level) / 2 of its values. Seeded, so a report can be reproduced; two
 * intervals with the same seed and n use the same resamples, which makes a difference of two
 * scores on the same customers a paired comparison. A resample on which the statistic is
 * undefined (NaN, e.g. an AUC drawn with no churner) is left out and counted.
 *
 * @param estimate the statistic on all customers
 * @param low lower bound
 * @param high upper bound
 * @param level the coverage asked for, e.g. 0.95
 * @param resamples resamples drawn
 * @param undefined resamples left out because the statistic was NaN on them
 */
public record BootstrapInterval(double estimate, double low, double high, double level, int resamples, int undefined) {

    /** A statistic of the customers at the given row indices (which may repeat). */
    @FunctionalInterface
    public interface Statistic extends ToDoubleFunction<int[]> {}

    public static BootstrapInterval of(int n, Statistic statistic, int resamples, long seed, double level) {
        if (n <= 0) {
            throw new IllegalArgumentException("no customers to resample");
        }
        if (resamples <= 0 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need resamples > 0 and 0 < level < 1, got " + resamples + ", " + level);
        }
        double estimate = statistic.applyAsDouble(RocAuc.identity(n));
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int defined = 0;
        int[] rows = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int k = 0; k < n; k++) {
                rows[k] = random.nextInt(n);
            }
            double v = statistic.applyAsDouble(rows);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined == 0) {
            return new BootstrapInterval(estimate, Double.NaN, Double.NaN, level, resamples, resamples);
        }
        double[] sorted = Arrays.copyOf(values, defined);
        Arrays.sort(sorted);
        return new BootstrapInterval(estimate, quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2),
                level, resamples, resamples - defined);
    }

    /** Linear interpolation between order statistics (R's type 7, numpy's default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
