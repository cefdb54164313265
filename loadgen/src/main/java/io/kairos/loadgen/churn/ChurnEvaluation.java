package io.kairos.loadgen.churn;

import io.kairos.loadgen.churn.ChurnPopulation.Archetype;
import io.kairos.loadgen.churn.ChurnPopulation.Customer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Churn signals against the planted truth. A churner is <i>detectable</i> if the window left at
 * least {@code detectableAfterGaps} of their own mean gaps after their last purchase (there was
 * time to notice); it is <i>detected</i> if the engine flagged them at or after that purchase. A
 * flag on a customer who never churned is a false alarm. Detection delay is measured in the
 * customer's own rhythm: (flag − last purchase) / mean gap.
 */
public final class ChurnEvaluation {
    /** Per archetype and overall. */
    public static final class Figures {
        public int customers;
        public int churners;
        public int detectable;
        public int detected;
        public int falseAlarms;
        public final List<Double> delaysInGaps = new ArrayList<>();

        public double recall() {
            return detectable == 0 ? Double.NaN : (double) detected / detectable;
        }

        public double precision() {
            return detected + falseAlarms == 0 ? Double.NaN : (double) detected / (detected + falseAlarms);
        }

        public double medianDelay() {
            return quantile(0.5);
        }

        public double p90Delay() {
            return quantile(0.9);
        }

        private double quantile(double q) {
            if (delaysInGaps.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(delaysInGaps);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
        }

        String row(String name) {
            return String.format(Locale.ROOT, "%-13s %9d %8d %10d %8d %7s %9s %12d %12s %9s",
                    name, customers, churners, detectable, detected, pct(recall()), pct(precision()),
                    falseAlarms, num(medianDelay()), num(p90Delay()));
        }
    }

    public final Figures overall = new Figures();
    public final Map<Archetype, Figures> byArchetype = new EnumMap<>(Archetype.class);

    /**
     * @param firstFlag each customer's first CHURN_RISK_ENTERED time after their last purchase
     *     for churners, or their first ever for the others; absent if never flagged
     */
    public static ChurnEvaluation evaluate(
            List<Customer> truth, Map<String, List<Long>> flags, long end, double detectableAfterGaps) {
        ChurnEvaluation e = new ChurnEvaluation();
        for (Customer c : truth) {
            Figures a = e.byArchetype.computeIfAbsent(c.archetype(), k -> new Figures());
            for (Figures f : List.of(a, e.overall)) {
                f.customers++;
            }
            List<Long> customerFlags = flags.getOrDefault(c.id(), List.of());
            long gap = (long) (c.archetype().meanGapDays * ChurnPopulation.DAY);
            if (c.churner()) {
                Long flag = customerFlags.stream().filter(t -> t >= c.lastPurchase()).min(Long::compare).orElse(null);
                boolean detectable = end - c.lastPurchase() >= detectableAfterGaps * gap;
                for (Figures f : List.of(a, e.overall)) {
                    f.churners++;
                    if (detectable) {
                        f.detectable++;
                        if (flag != null) {
                            f.detected++;
                            f.delaysInGaps.add((flag - c.lastPurchase()) / (double) gap);
                        }
                    }
                }
            } else if (!customerFlags.isEmpty()) {
                for (Figures f : List.of(a, e.overall)) {
                    f.falseAlarms++;
                }
            }
        }
        return e;
    }

    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-13s %9s %8s %10s %8s %7s %9s %12s %12s %9s%n",
                "archetype", "customers", "churners", "detectable", "detected", "recall", "precision",
                "false alarms", "median delay", "p90 delay"));
        byArchetype.forEach((k, f) -> s.append(f.row(k.name())).append('\n'));
        s.append(overall.row("ALL")).append('\n');
        s.append("delays in units of each churner's own mean gap between purchases\n");
        return s.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
