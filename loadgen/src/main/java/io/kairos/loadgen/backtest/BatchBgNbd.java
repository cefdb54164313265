package io.kairos.loadgen.backtest;

import io.kairos.churn.BgNbdFitter;
import io.kairos.churn.BgNbdModel;
import io.kairos.churn.BgNbdParameters;
import io.kairos.churn.CustomerHistory;
import io.kairos.churn.DormancyFit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The batch baseline: BG/NBD fitted by maximum likelihood to the calibration period (as {@code
 * ./kairos fit-churn} does: a customer's purchases on one UTC day count as one, T runs to
 * {@code --until}), and each customer's P(alive) and expected purchases in the holdout from it.
 */
final class BatchBgNbd {
    private static final double DAY = 86_400_000.0;

    /** One customer's summary and what the fitted model says of them. */
    record Scores(CustomerHistory history, double pAlive, double expectedHoldoutPurchases) {}

    private final BgNbdFitter.FitResult fit;
    private final Map<String, Scores> scores;
    private final List<DormancyFit.Gaps> gaps;

    private BatchBgNbd(BgNbdFitter.FitResult fit, Map<String, Scores> scores, List<DormancyFit.Gaps> gaps) {
        this.fit = fit;
        this.scores = scores;
        this.gaps = gaps;
    }

    /**
     * The dormant rate for {@code parameters} (the job's fit), from every buyer's gaps before
     * --until, read with the job's prior over their regularity.
     */
    DormancyFit.Result dormancy(BgNbdParameters parameters, DormancyFit.Regularity regularity) {
        return new DormancyFit(parameters, gaps, regularity).fit();
    }

    /**
     * The parameters of {@code variant} fitted to the same summaries: the baseline's own for BG/NBD,
     * a fit of the MBG/NBD likelihood for MBG/NBD (the job's parameters under --churn-parameters fit).
     */
    BgNbdFitter.FitResult fitted(BgNbdParameters.Variant variant) {
        if (variant == fit.parameters().variant()) {
            return fit;
        }
        List<CustomerHistory> histories = new ArrayList<>();
        scores.values().forEach(s -> histories.add(s.history()));
        return new BgNbdFitter(histories, variant).fit();
    }

    static BatchBgNbd fit(PurchaseHistory history, Set<String> customers, long until, double holdoutDays) {
        Map<String, CustomerHistory> summaries = new HashMap<>();
        List<DormancyFit.Gaps> gaps = new ArrayList<>();
        long untilDay = Math.floorDiv(until, (long) DAY);
        for (String c : customers) {
            NavigableSet<Long> purchases = history.before(c, until);
            summaries.put(c, summary(purchases, untilDay));
            gaps.add(DormancyFit.Gaps.ofDays(days(purchases).stream().mapToLong(Long::longValue).toArray(), untilDay));
        }
        BgNbdFitter.FitResult fit = new BgNbdFitter(new ArrayList<>(summaries.values())).fit();
        BgNbdModel model = new BgNbdModel(fit.parameters());
        Map<String, Scores> scores = new HashMap<>();
        summaries.forEach((c, h) -> scores.put(c, new Scores(h, model.pAlive(h.x(), h.tx(), h.T()),
                model.expectedPurchases(holdoutDays, h.x(), h.tx(), h.T()))));
        return new BatchBgNbd(fit, scores, gaps);
    }

    /** (x, tx, T) in days from purchase days: x = distinct days after the first. */
    static CustomerHistory summary(NavigableSet<Long> purchases, long untilDay) {
        TreeSet<Long> days = days(purchases);
        long first = days.first();
        long last = days.last();
        return new CustomerHistory(days.size() - 1, last - first, untilDay - first);
    }

    /** The distinct UTC days of the purchases. */
    private static TreeSet<Long> days(NavigableSet<Long> purchases) {
        TreeSet<Long> days = new TreeSet<>();
        for (long t : purchases) {
            days.add(Math.floorDiv(t, (long) DAY));
        }
        return days;
    }

    BgNbdParameters parameters() {
        return fit.parameters();
    }

    double logLikelihood() {
        return fit.logLikelihood();
    }

    Scores of(String customer) {
        return scores.get(customer);
    }

    List<String> customers() {
        return new ArrayList<>(scores.keySet());
    }
}
