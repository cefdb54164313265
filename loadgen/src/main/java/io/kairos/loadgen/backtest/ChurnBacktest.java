package io.kairos.loadgen.backtest;

import io.kairos.loadgen.churn.HoldoutScoring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The engine's churn probability against what happened in the holdout: for every customer with a
 * purchase before {@code until} (the calibration period), churned = no purchase in [until,
 * holdoutEnd). Next to it, the rankings a user would otherwise have: recency (days since the last
 * purchase, as of until) and the batch BG/NBD fit to the calibration period, by 1 - P(alive) and
 * by its expected purchases in the holdout (fewer = more likely to churn). A repeat buyer bought
 * on at least two days before until.
 */
final class ChurnBacktest {
    static final String P_CHURN = "pChurn (engine)";
    static final String RECENCY = "recency (days since last purchase)";
    static final String BGNBD_P_ALIVE = "batch BG/NBD 1 - P(alive)";
    static final String BGNBD_EXPECTED = "batch BG/NBD expected holdout purchases (fewer = churn)";
    static final List<String> SCORES = List.of(P_CHURN, RECENCY, BGNBD_P_ALIVE, BGNBD_EXPECTED);
    private static final double DAY = 86_400_000.0;

    /**
     * @param withoutProfile calibration customers with no profile (or no pChurn) in Redis: left out
     * @param holdoutBuyersUnknown customers buying in the holdout window who never bought before
     *     until: new customers, outside the scoring
     */
    record Outcome(HoldoutScoring.Result result, int calibrationCustomers, int withoutProfile, int holdoutBuyers,
                   int holdoutBuyersUnknown) {}

    private ChurnBacktest() {}

    /** Checks that the holdout can score the calibration customers at all; the message says why not. */
    static void checkOverlap(PurchaseHistory calibration, PurchaseHistory holdout, long until, long holdoutEnd)
            throws BacktestInputException {
        if (holdout.lastPurchase() < until) {
            throw new BacktestInputException("the holdout has no purchase at or after --until " + Instant.ofEpochMilli(until)
                    + (holdout.customerCount() == 0 ? " (it has none at all)"
                    : " (its purchases run from " + Instant.ofEpochMilli(holdout.firstPurchase()) + " to "
                    + Instant.ofEpochMilli(holdout.lastPurchase()) + ")"));
        }
        Set<String> customers = calibration.customersBefore(until);
        Set<String> buyers = new HashSet<>(holdout.customersBuyingIn(until, holdoutEnd));
        if (!buyers.isEmpty() && buyers.stream().noneMatch(customers::contains)) {
            throw new BacktestInputException("no customer who buys in the holdout bought before --until: the holdout's"
                    + " customer ids (e.g. " + buyers.iterator().next() + ") do not meet the recording's (e.g. "
                    + (customers.isEmpty() ? "none" : customers.iterator().next()) + ")");
        }
    }

    static Outcome score(PurchaseHistory calibration, PurchaseHistory holdout, Map<String, Double> pChurn,
                         BatchBgNbd bgNbd, long until, long holdoutEnd, HoldoutScoring.Settings settings) {
        Set<String> customers = calibration.customersBefore(until);
        Set<String> buyers = holdout.customersBuyingIn(until, holdoutEnd);
        List<HoldoutScoring.Customer> rows = new ArrayList<>();
        int withoutProfile = 0;
        for (String c : customers.stream().sorted().toList()) {
            Double p = pChurn.get(c);
            if (p == null || p.isNaN()) {
                withoutProfile++;
                continue;
            }
            NavigableSet<Long> before = calibration.before(c, until);
            double recencyDays = (until - before.last()) / DAY;
            BatchBgNbd.Scores batch = bgNbd.of(c);
            rows.add(new HoldoutScoring.Customer(c, batch.history().x() > 0, !buyers.contains(c),
                    new double[] {p, recencyDays, 1 - batch.pAlive(), -batch.expectedHoldoutPurchases()}));
        }
        int unknown = (int) buyers.stream().filter(b -> !customers.contains(b)).count();
        return new Outcome(HoldoutScoring.score(SCORES, P_CHURN, rows, settings), customers.size(), withoutProfile,
                buyers.size(), unknown);
    }
}
