package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.loadgen.churn.ChurnPopulation.Archetype;
import io.kairos.loadgen.churn.ChurnPopulation.Customer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChurnEvaluationTest {
    private static final long DAY = ChurnPopulation.DAY;

    @Test
    void recallPrecisionAndDelayFromHandMadeTruth() {
        long end = 1000 * DAY;
        List<Customer> truth = List.of(
                // a weekly churner flagged 15 days after the last purchase: 2.14 gaps
                new Customer("w1", Archetype.WEEKLY, true, List.of(100 * DAY, 107 * DAY)),
                // a weekly churner never flagged
                new Customer("w2", Archetype.WEEKLY, true, List.of(100 * DAY)),
                // a twice-a-year churner too close to the end to count
                new Customer("t1", Archetype.TWICE_A_YEAR, true, List.of(500 * DAY)),
                // a loyal weekly buyer flagged once: a false alarm
                new Customer("w3", Archetype.WEEKLY, false, List.of(990 * DAY)),
                new Customer("w4", Archetype.WEEKLY, false, List.of(995 * DAY)));
        Map<String, List<Long>> flags = Map.of(
                "w1", List.of(50 * DAY, 122 * DAY), // the flag before the last purchase does not count
                "t1", List.of(900 * DAY),
                "w3", List.of(500 * DAY));

        ChurnEvaluation e = ChurnEvaluation.evaluate(truth, flags, end, 3);

        assertEquals(3, e.overall.churners);
        assertEquals(2, e.overall.detectable);
        assertEquals(1, e.overall.detected);
        assertEquals(0.5, e.overall.recall());
        assertEquals(1, e.overall.falseAlarms);
        assertEquals(0.5, e.overall.precision());
        assertEquals(15 / 7.0, e.overall.medianDelay(), 1e-9);
        assertEquals(0, e.byArchetype.get(Archetype.TWICE_A_YEAR).detectable);
        assertTrue(e.report().contains("ALL"), e.report());
    }

    @Test
    void thePopulationIsSeededAndChurnersStop() {
        long start = 0;
        List<Customer> a = ChurnPopulation.generate(400, 0.3, start, 1095, 7);
        assertEquals(a, ChurnPopulation.generate(400, 0.3, start, 1095, 7));
        long churners = a.stream().filter(Customer::churner).count();
        assertTrue(churners > 80 && churners < 160, "about 30% churners: " + churners);
        for (Customer c : a) {
            for (int i = 1; i < c.purchases().size(); i++) {
                assertTrue(c.purchases().get(i) > c.purchases().get(i - 1));
            }
            if (c.churner()) {
                assertTrue(c.lastPurchase() < start + 548 * ChurnPopulation.DAY + (long) (c.archetype().meanGapDays * 3 * ChurnPopulation.DAY),
                        c.toString());
            } else {
                // a regular buyer keeps buying to the end of the window
                assertTrue(c.lastPurchase() > start + (1095 - 3 * c.archetype().meanGapDays) * ChurnPopulation.DAY, c.toString());
            }
        }
        double weeklyMeanGap = a.stream().filter(c -> c.archetype() == Archetype.WEEKLY && !c.churner())
                .mapToDouble(c -> (c.lastPurchase() - c.purchases().get(0)) / (double) (c.purchases().size() - 1) / ChurnPopulation.DAY)
                .average().orElseThrow();
        assertEquals(7, weeklyMeanGap, 0.3);
    }
}
