package io.kairos.loadgen.accuracy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's accuracy against a scenario's ground truth; {@link Accuracy} computes it. Shares
 * are in [0, 1] (NaN, shown as null in JSON, when there was nothing to count); delays of churn
 * detection are in units of each churner's own typical gap between purchases.
 */
public record AccuracyReport(Settings settings, Churn churn, Moments cartAbandonment, Moments crossSell,
                             Volume messages, Consent consent) {

    /** What the report was computed with. */
    public record Settings(long endMillis, double detectableAfterGaps, long cartWindowMillis, long cooldownMillis,
                           int capPerDay, int capPerWeek) {}

    /**
     * Churn early warning. {@code detectable}: drifters whose history left at least
     * detectableAfterGaps of their gaps after their last purchase; {@code detected}: those at risk
     * at some time after their last purchase. Customer-level precision: flagged customers who are
     * planted churners flagged from their slowing on, over all flagged customers; flag-level: the
     * same over CHURN_RISK_ENTERED signals. One-time buyers are planted churners too, but with no
     * rhythm: their flags count as true, and are reported apart (no delay in gaps).
     */
    public record Churn(int drifters, int detectable, int detected, double recall, double medianDelayGaps,
                        double p90DelayGaps, int flaggedCustomers, int trueFlaggedCustomers,
                        double customerPrecision, int flags, int trueFlags, double flagPrecision,
                        int oneTimeBuyers, int oneTimeFlagged, Map<String, Integer> falseAlarmsByArchetype) {}

    /**
     * Planted moments found. {@code reachable}: the customer consented to a channel the message
     * may use; {@code expected}: reachable and, for cart reminders, not within the cooldown of an
     * earlier expected one; {@code found}: a message of the trigger for it; {@code spurious}:
     * messages of the trigger that match no planted moment; {@code medianDelayMinutes}: moment to
     * message.
     */
    public record Moments(int planted, int reachable, int expected, int found, double foundShare,
                          int rightOffer, int spurious, double medianDelayMinutes) {}

    /**
     * Messages per customer: counts per customer and UTC day (and per ISO week) over the
     * customer-days (weeks) that had any; violations of the caps given; the mean per customer and
     * week over the whole population and window; by trigger and channel.
     */
    public record Volume(long total, int customersMessaged, int maxPerDay, double p99PerDay, double meanPerDay,
                         int maxPerWeek, double p99PerWeek, double meanPerWeek, double perCustomerPerWeek,
                         int dayCapViolations, int weekCapViolations, Map<String, Long> byTrigger,
                         Map<String, Long> byChannel) {}

    /** Messages on a channel the customer had not consented to at the message's time; for unknown customers. */
    public record Consent(long messages, long withoutConsent, long unknownCustomer) {}

    public String toJson() {
        return ReportJson.of(this);
    }

    /** A plain-text table. */
    /**
     * The report as rows of (section, measure, value), for the plain-text table and for the
     * accuracy table of the HTML report.
     */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        String churnSection = "churn early warning (drifters: planted churners with a rhythm)";
        row(rows, churnSection, "drifters / detectable / detected", "%d / %d / %d", churn.drifters(), churn.detectable(), churn.detected());
        row(rows, churnSection, "recall", "%s", pct(churn.recall()));
        row(rows, churnSection, "detection delay, gaps after last purchase", "median %s, p90 %s",
                num(churn.medianDelayGaps()), num(churn.p90DelayGaps()));
        row(rows, churnSection, "precision, customers", "%s (%d of %d flagged)", pct(churn.customerPrecision()),
                churn.trueFlaggedCustomers(), churn.flaggedCustomers());
        row(rows, churnSection, "precision, flags", "%s (%d of %d CHURN_RISK_ENTERED)", pct(churn.flagPrecision()),
                churn.trueFlags(), churn.flags());
        row(rows, churnSection, "one-time buyers flagged", "%d of %d", churn.oneTimeFlagged(), churn.oneTimeBuyers());
        row(rows, churnSection, "false alarms by archetype", "%s", churn.falseAlarmsByArchetype());
        moments(rows, "cart abandonments (CART_ABANDONMENT)", cartAbandonment);
        moments(rows, "cross-sell moments (CROSS_SELL)", crossSell);
        String messagesSection = "messages per customer";
        row(rows, messagesSection, "total / customers messaged", "%,d / %,d", messages.total(), messages.customersMessaged());
        row(rows, messagesSection, "per customer and UTC day", "max %d, p99 %s, mean %s; cap %s, %d customer-days over",
                messages.maxPerDay(), num(messages.p99PerDay()), num(messages.meanPerDay()), cap(settings.capPerDay()),
                messages.dayCapViolations());
        row(rows, messagesSection, "per customer and week", "max %d, p99 %s, mean %s; cap %s, %d customer-weeks over",
                messages.maxPerWeek(), num(messages.p99PerWeek()), num(messages.meanPerWeek()), cap(settings.capPerWeek()),
                messages.weekCapViolations());
        row(rows, messagesSection, "per customer per week, whole population", "%s", num(messages.perCustomerPerWeek()));
        row(rows, messagesSection, "by trigger / channel", "%s / %s", messages.byTrigger(), messages.byChannel());
        row(rows, messagesSection, "without consent / unknown customer", "%d / %d of %d", consent.withoutConsent(),
                consent.unknownCustomer(), consent.messages());
        return rows;
    }

    public String table() {
        StringBuilder s = new StringBuilder();
        String section = null;
        for (List<String> row : rows()) {
            if (!row.get(0).equals(section)) {
                section = row.get(0);
                s.append(section).append('\n');
            }
            s.append(String.format(Locale.ROOT, "%-46s %s%n", "  " + row.get(1), row.get(2)));
        }
        return s.toString();
    }

    private static void moments(List<List<String>> rows, String title, Moments m) {
        row(rows, title, "planted / reachable / expected", "%d / %d / %d", m.planted(), m.reachable(), m.expected());
        row(rows, title, "found", "%d = %s of expected; right offer %d; median delay %s min", m.found(),
                pct(m.foundShare()), m.rightOffer(), num(m.medianDelayMinutes()));
        row(rows, title, "spurious messages", "%d", m.spurious());
    }

    private static void row(List<List<String>> rows, String section, String measure, String format, Object... args) {
        rows.add(List.of(section, measure, String.format(Locale.ROOT, format, args)));
    }

    private static String cap(int cap) {
        return cap <= 0 ? "none" : Integer.toString(cap);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
