package io.kairos.loadgen.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Predicted against observed probability by bins of the prediction: customers sorted by predicted
 * probability and cut into {@code bins} groups of (nearly) equal count, deciles for 10. A
 * calibrated prediction has, in every bin, a mean prediction close to the share of customers in
 * whom the event happened. Customers with the same prediction may fall into two neighbouring bins;
 * each bin's range shows that.
 */
public final class CalibrationTable {
    /**
     * @param bin 1 for the lowest predictions
     * @param count customers in the bin
     * @param minPredicted lowest prediction in the bin
     * @param maxPredicted highest prediction in the bin
     * @param meanPredicted mean prediction
     * @param observedShare share of customers in whom the event happened
     */
    public record Row(int bin, int count, double minPredicted, double maxPredicted, double meanPredicted,
                      double observedShare) {
        /** Observed minus predicted, in probability (0.05 = 5 points). */
        public double gap() {
            return observedShare - meanPredicted;
        }
    }

    private final List<Row> rows;

    private CalibrationTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static CalibrationTable of(double[] predicted, boolean[] happened, int bins) {
        if (predicted.length != happened.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + happened.length + " outcomes");
        }
        if (bins <= 0) {
            throw new IllegalArgumentException("bins must be > 0, got " + bins);
        }
        int n = predicted.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, Comparator.comparingDouble(k -> predicted[k]));
        List<Row> rows = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) n * b / bins);
            int to = (int) ((long) n * (b + 1) / bins);
            if (to <= from) {
                continue;
            }
            double sum = 0;
            int events = 0;
            for (int k = from; k < to; k++) {
                sum += predicted[order[k]];
                events += happened[order[k]] ? 1 : 0;
            }
            int count = to - from;
            rows.add(new Row(b + 1, count, predicted[order[from]], predicted[order[to - 1]], sum / count,
                    (double) events / count));
        }
        return new CalibrationTable(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The largest |observed - predicted| over the bins; NaN without rows. */
    public double maxAbsGap() {
        return rows.stream().mapToDouble(r -> Math.abs(r.gap())).max().orElse(Double.NaN);
    }
}
