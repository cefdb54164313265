package io.kairos.loadgen.churn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The area under the ROC curve of a score that should be higher for positives (here: customers
 * who churned), as the Mann-Whitney statistic: the probability that a random positive scores
 * above a random negative, a tie counting one half. Ties get their mid-rank, so a score that
 * puts everyone in one bucket has an AUC of exactly 0.5 rather than whatever order the sort left.
 */
public final class RocAuc {
    private RocAuc() {}

    /** One point of the ROC curve: false and true positive rates at a threshold. */
    public record Point(double falsePositiveRate, double truePositiveRate) {}

    /** The AUC of {@code scores} against {@code positive}; NaN when either class is empty. */
    public static double auc(double[] scores, boolean[] positive) {
        return auc(scores, positive, identity(scores.length));
    }

    /**
     * The AUC over the customers at {@code rows} (indices into both arrays; an index may repeat,
     * as in a bootstrap resample).
     */
    public static double auc(double[] scores, boolean[] positive, int[] rows) {
        checkLengths(scores, positive);
        Integer[] order = sortedByScore(scores, rows);
        long positives = 0;
        double positiveRankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[rows[order[j + 1]]] == scores[rows[order[i]]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks i+1..j+1 share their mean
            for (int k = i; k <= j; k++) {
                if (positive[rows[order[k]]]) {
                    positives++;
                    positiveRankSum += midRank;
                }
            }
            i = j + 1;
        }
        long negatives = order.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /**
     * The ROC curve from (0,0) to (1,1), one point per distinct score from the highest down: tied
     * customers move the curve in one diagonal step, which is what the mid-rank AUC integrates.
     */
    public static List<Point> curve(double[] scores, boolean[] positive) {
        checkLengths(scores, positive);
        int[] rows = identity(scores.length);
        Integer[] order = sortedByScore(scores, rows);
        long totalPositives = 0;
        for (boolean p : positive) {
            totalPositives += p ? 1 : 0;
        }
        long totalNegatives = positive.length - totalPositives;
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, 0));
        if (totalPositives == 0 || totalNegatives == 0) {
            return points;
        }
        long tp = 0, fp = 0;
        int i = order.length - 1;
        while (i >= 0) {
            double score = scores[order[i]];
            while (i >= 0 && scores[order[i]] == score) {
                if (positive[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i--;
            }
            points.add(new Point((double) fp / totalNegatives, (double) tp / totalPositives));
        }
        return points;
    }

    static int[] identity(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, k -> k);
        return rows;
    }

    /** Positions into {@code rows}, ascending by score. */
    private static Integer[] sortedByScore(double[] scores, int[] rows) {
        Integer[] order = new Integer[rows.length];
        for (int k = 0; k < rows.length; k++) {
            if (Double.isNaN(scores[rows[k]])) {
                throw new IllegalArgumentException("score of row " + rows[k] + " is NaN");
            }
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> scores[rows[k]]));
        return order;
    }

    private static void checkLengths(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
    }
}
