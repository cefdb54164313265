package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapIntervalTest {
    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1, BootstrapInterval.quantile(sorted, 0), 1e-12);
        assertEquals(3, BootstrapInterval.quantile(sorted, 0.5), 1e-12);
        assertEquals(4.6, BootstrapInterval.quantile(sorted, 0.9), 1e-12);
        assertEquals(5, BootstrapInterval.quantile(sorted, 1), 1e-12);
    }

    @Test
    void theMeanOfAFairCoinIsCoveredAndTheWidthIsAboutFourStandardErrors() {
        int n = 2000;
        double[] values = new double[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            values[i] = random.nextBoolean() ? 1 : 0;
        }
        BootstrapInterval mean = BootstrapInterval.of(n, rows -> {
            double sum = 0;
            for (int r : rows) {
                sum += values[r];
            }
            return sum / rows.length;
        }, 1000, 7, 0.95);
        assertTrue(mean.low() < mean.estimate() && mean.estimate() < mean.high(), mean.toString());
        double standardError = Math.sqrt(0.25 / n);
        // A 95% interval spans about 2 x 1.96 standard errors; the bootstrap's own noise is a few percent.
        assertEquals(2 * 1.96 * standardError, mean.high() - mean.low(), 0.15 * 2 * 1.96 * standardError);
        assertEquals(0, mean.undefined());
    }

    @Test
    void sameSeedSameInterval() {
        BootstrapInterval.Statistic first = rows -> rows[0];
        assertEquals(BootstrapInterval.of(50, first, 200, 3, 0.9), BootstrapInterval.of(50, first, 200, 3, 0.9));
    }

    @Test
    void resamplesWithAnUndefinedStatisticAreLeftOutAndCounted() {
        // Undefined whenever row 0 is drawn first: about 1 in 3 resamples of 3.
        BootstrapInterval i = BootstrapInterval.of(3, rows -> rows[0] == 0 ? Double.NaN : 1.0, 300, 5, 0.95);
        assertTrue(i.undefined() > 50 && i.undefined() < 150, i.toString());
        assertEquals(1.0, i.low(), 0);
        assertEquals(1.0, i.high(), 0);
    }
}
