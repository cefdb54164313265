package io.kairos.loadgen.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded population of buyers with known rhythms and planted churners: the ground truth that
 * churn detection is measured against ({@code ./kairos churn-eval}).
 *
 * <p>Each buyer has an archetype (a mean gap between purchases: weekly, monthly, quarterly, twice
 * a year); gaps are drawn from a gamma distribution around that mean (shape 8: regular but not
 * clockwork). A planted churner stops buying for good at a time drawn in the middle of the
 * window, after at least three purchases; everyone else buys until the window ends. Every
 * purchase is preceded by a product view an hour earlier.
 */
public final class ChurnPopulation {
    /** A rhythm of buying. */
    public enum Archetype {
        WEEKLY(7), MONTHLY(30), QUARTERLY(91), TWICE_A_YEAR(182);

        public final double meanGapDays;

        Archetype(double meanGapDays) {
            this.meanGapDays = meanGapDays;
        }
    }

    /** One customer's truth and their purchase times (epoch ms, increasing). */
    public record Customer(String id, Archetype archetype, boolean churner, List<Long> purchases) {
        public long lastPurchase() {
            return purchases.get(purchases.size() - 1);
        }
    }

    static final long DAY = 86_400_000L;
    private static final double GAP_SHAPE = 8;

    private ChurnPopulation() {}

    /**
     * @param start the window's start (epoch ms)
     * @param days the window's length
     * @param churnShare share of buyers planted as churners
     */
    public static List<Customer> generate(int customers, double churnShare, long start, int days, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Archetype[] archetypes = Archetype.values();
        long end = start + days * DAY;
        List<Customer> out = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            Archetype archetype = archetypes[i % archetypes.length];
            boolean churner = random.nextDouble() < churnShare;
            long meanGap = (long) (archetype.meanGapDays * DAY);
            // Churners stop between a quarter and a half of the window: time enough to notice.
            long stop = churner ? start + (long) ((0.25 + 0.25 * random.nextDouble()) * days * DAY) : end;
            List<Long> purchases = new ArrayList<>();
            long t = start + (long) (random.nextDouble() * meanGap);
            while (t < end && (t < stop || purchases.size() < 3)) {
                purchases.add(t);
                t += (long) (gamma(random, GAP_SHAPE) / GAP_SHAPE * meanGap);
            }
            out.add(new Customer(String.format("churn-c-%06d", i), archetype, churner, List.copyOf(purchases)));
        }
        return out;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (shape >= 1). */
    static double gamma(SplittableRandom random, double shape) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = normal(random);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom random) {
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
