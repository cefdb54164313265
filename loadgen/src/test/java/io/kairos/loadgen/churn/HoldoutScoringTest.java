package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HoldoutScoringTest {
    @Test
    void scoresEachRankingOnBothGroupsAgainstTheReference() {
        SplittableRandom random = new SplittableRandom(11);
        List<HoldoutScoring.Customer> customers = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            double p = random.nextDouble();
            boolean churned = random.nextDouble() < p; // p is calibrated by construction
            double noise = random.nextDouble();
            customers.add(new HoldoutScoring.Customer("c-" + i, i % 3 != 0, churned, new double[] {p, noise}));
        }
        HoldoutScoring.Result result = HoldoutScoring.score(List.of("pChurn", "noise"), "pChurn", customers,
                new HoldoutScoring.Settings(200, 7, 0.95, 10));
        HoldoutScoring.Group all = result.group(HoldoutScoring.ALL);
        HoldoutScoring.Group repeat = result.group(HoldoutScoring.REPEAT);
        assertEquals(600, all.customers());
        assertEquals(400, repeat.customers());
        HoldoutScoring.ScoreAuc p = all.auc("pChurn");
        HoldoutScoring.ScoreAuc noise = all.auc("noise");
        // A calibrated uniform p has AUC 0.833 in the limit (P(p1 > p2 | churn 1, not 2)).
        assertEquals(0.83, p.auc().estimate(), 0.05);
        assertTrue(p.auc().low() < p.auc().estimate() && p.auc().estimate() < p.auc().high());
        assertNull(p.minusReference());
        assertEquals(0.5, noise.auc().estimate(), 0.07);
        assertTrue(noise.minusReference().high() < 0, "noise ranks worse than pChurn: " + noise.minusReference());
        assertEquals(10, all.calibration().rows().size());
        assertTrue(all.calibration().maxAbsGap() < 0.2, "calibrated by construction: " + all.calibration().rows());
        assertEquals(all.curves().keySet(), java.util.Set.of("pChurn", "noise"));
    }

    @Test
    void theReferenceMustBeOneOfTheScores() {
        assertThrows(IllegalArgumentException.class, () -> HoldoutScoring.score(List.of("a"), "b", List.of(),
                HoldoutScoring.Settings.defaults()));
    }
}
