package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void countsOrderedPairsOfChurnerAndStayer() {
        // Pairs (churner, stayer): (0.35, 0.1) yes, (0.35, 0.4) no, (0.8, 0.1) yes, (0.8, 0.4) yes: 3 of 4.
        double auc = RocAuc.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertEquals(0.75, auc, 1e-12);
    }

    @Test
    void aTieBetweenAChurnerAndAStayerCountsOneHalf() {
        // Churners 0.5, 0.7; stayers 0.5, 0.2: (0.5,0.5) 1/2, (0.5,0.2) 1, (0.7,0.5) 1, (0.7,0.2) 1 = 3.5 of 4.
        double auc = RocAuc.auc(new double[] {0.5, 0.7, 0.5, 0.2}, new boolean[] {true, true, false, false});
        assertEquals(0.875, auc, 1e-12);
    }

    @Test
    void oneScoreForEveryoneIsChanceWhateverTheOrder() {
        assertEquals(0.5, RocAuc.auc(new double[] {3, 3, 3, 3, 3}, new boolean[] {true, false, true, false, false}), 1e-12);
    }

    @Test
    void perfectAndReversedRankings() {
        boolean[] churned = {false, false, true, true};
        assertEquals(1.0, RocAuc.auc(new double[] {1, 2, 3, 4}, churned), 1e-12);
        assertEquals(0.0, RocAuc.auc(new double[] {4, 3, 2, 1}, churned), 1e-12);
    }

    @Test
    void undefinedWithoutBothClasses() {
        assertTrue(Double.isNaN(RocAuc.auc(new double[] {1, 2}, new boolean[] {true, true})));
    }

    @Test
    void rowsMayRepeatAsInAResample() {
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] churned = {false, false, true, true};
        // Rows 0, 2, 2, 1: churners 0.35, 0.35; stayers 0.1, 0.4: 2 of 4 pairs.
        assertEquals(0.5, RocAuc.auc(scores, churned, new int[] {0, 2, 2, 1}), 1e-12);
    }

    @Test
    void curveStepsDiagonallyThroughTiesAndItsAreaIsTheAuc() {
        double[] scores = {0.5, 0.7, 0.5, 0.2};
        boolean[] churned = {true, true, false, false};
        List<RocAuc.Point> curve = RocAuc.curve(scores, churned);
        assertEquals(List.of(new RocAuc.Point(0, 0), new RocAuc.Point(0, 0.5), new RocAuc.Point(0.5, 1),
                new RocAuc.Point(1, 1)), curve);
        double area = 0;
        for (int i = 1; i < curve.size(); i++) {
            area += (curve.get(i).falsePositiveRate() - curve.get(i - 1).falsePositiveRate())
                    * (curve.get(i).truePositiveRate() + curve.get(i - 1).truePositiveRate()) / 2;
        }
        assertEquals(RocAuc.auc(scores, churned), area, 1e-12);
    }

    @Test
    void refusesNaNAndMismatchedLengths() {
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {Double.NaN, 1}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {1}, new boolean[] {true, false}));
    }
}
