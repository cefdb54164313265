package io.kairos.loadgen.churn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scores churn rankings against what happened in a holdout period: for all customers and for
 * repeat buyers, each ranking's ROC AUC against "no purchase in the holdout" with a bootstrap
 * interval, the difference from the reference ranking (the engine's churn probability) on the
 * same resamples, the ROC curves, and the calibration table of the reference by bins of its value.
 * Every score is oriented so that higher means "more likely to churn".
 */
public final class HoldoutScoring {
    public static final String ALL = "all customers";
    public static final String REPEAT = "repeat buyers";

    /**
     * @param resamples bootstrap resamples (e.g. 1000)
     * @param seed seed of the resampling
     * @param level coverage of the intervals (e.g. 0.95)
     * @param bins bins of the calibration table (10: deciles)
     */
    public record Settings(int resamples, long seed, double level, int bins) {
        public static Settings defaults() {
            return new Settings(1000, 7, 0.95, 10);
        }
    }

    /**
     * One customer of the calibration period.
     *
     * @param scores one value per score name, in {@link #score}'s order; higher = more likely to churn
     * @param churned no purchase in the holdout
     */
    public record Customer(String id, boolean repeatBuyer, boolean churned, double[] scores) {}

    /** One ranking in one group: its AUC, and its AUC minus the reference's on the same resamples. */
    public record ScoreAuc(String score, BootstrapInterval auc, BootstrapInterval minusReference) {}

    public record Group(String name, int customers, int churned, List<ScoreAuc> aucs, CalibrationTable calibration,
                        Map<String, List<RocAuc.Point>> curves) {
        public double churnShare() {
            return customers == 0 ? Double.NaN : (double) churned / customers;
        }

        public ScoreAuc auc(String score) {
            return aucs.stream().filter(a -> a.score().equals(score)).findFirst().orElseThrow();
        }
    }

    public record Result(List<String> scoreNames, String reference, List<Group> groups) {
        public Group group(String name) {
            return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private HoldoutScoring() {}

    /**
     * @param scoreNames the rankings, named; {@code reference} is one of them and is also the
     *     probability the calibration table checks
     */
    public static Result score(List<String> scoreNames, String reference, List<Customer> customers, Settings settings) {
        int ref = scoreNames.indexOf(reference);
        if (ref < 0) {
            throw new IllegalArgumentException("reference " + reference + " is not among " + scoreNames);
        }
        for (Customer c : customers) {
            if (c.scores().length != scoreNames.size()) {
                throw new IllegalArgumentException("customer " + c.id() + " has " + c.scores().length + " scores for "
                        + scoreNames.size() + " names");
            }
        }
        List<Group> groups = new ArrayList<>();
        groups.add(group(ALL, scoreNames, ref, customers, c -> true, settings));
        groups.add(group(REPEAT, scoreNames, ref, customers, Customer::repeatBuyer, settings));
        return new Result(List.copyOf(scoreNames), reference, groups);
    }

    private static Group group(String name, List<String> scoreNames, int ref, List<Customer> all,
                               Predicate<Customer> member, Settings settings) {
        List<Customer> members = all.stream().filter(member).toList();
        int n = members.size();
        boolean[] churned = new boolean[n];
        double[][] scores = new double[scoreNames.size()][n];
        int churners = 0;
        for (int i = 0; i < n; i++) {
            Customer c = members.get(i);
            churned[i] = c.churned();
            churners += c.churned() ? 1 : 0;
            for (int s = 0; s < scoreNames.size(); s++) {
                scores[s][i] = c.scores()[s];
            }
        }
        List<ScoreAuc> aucs = new ArrayList<>();
        Map<String, List<RocAuc.Point>> curves = new LinkedHashMap<>();
        for (int s = 0; s < scoreNames.size(); s++) {
            double[] mine = scores[s];
            double[] reference = scores[ref];
            BootstrapInterval auc = n == 0 ? null : BootstrapInterval.of(n, rows -> RocAuc.auc(mine, churned, rows),
                    settings.resamples(), settings.seed(), settings.level());
            BootstrapInterval diff = n == 0 || s == ref ? null : BootstrapInterval.of(n,
                    rows -> RocAuc.auc(mine, churned, rows) - RocAuc.auc(reference, churned, rows),
                    settings.resamples(), settings.seed(), settings.level());
            aucs.add(new ScoreAuc(scoreNames.get(s), auc, diff));
            curves.put(scoreNames.get(s), RocAuc.curve(mine, churned));
        }
        return new Group(name, n, churners, aucs, CalibrationTable.of(scores[ref], churned, settings.bins()), curves);
    }
}
