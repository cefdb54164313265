package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTableTest {
    @Test
    void binsOfEqualCountByPredictionWithMeanAndObservedShare() {
        double[] predicted = {0.9, 0.1, 0.2, 0.8, 0.15, 0.85};
        boolean[] happened = {true, false, true, true, false, false};
        CalibrationTable table = CalibrationTable.of(predicted, happened, 2);
        List<CalibrationTable.Row> rows = table.rows();
        assertEquals(2, rows.size());
        // Low bin: 0.1 (no), 0.15 (no), 0.2 (yes).
        assertEquals(new CalibrationTable.Row(1, 3, 0.1, 0.2, 0.15, 1 / 3.0).count(), rows.get(0).count());
        assertEquals(0.15, rows.get(0).meanPredicted(), 1e-12);
        assertEquals(1 / 3.0, rows.get(0).observedShare(), 1e-12);
        assertEquals(0.1, rows.get(0).minPredicted(), 0);
        assertEquals(0.2, rows.get(0).maxPredicted(), 0);
        // High bin: 0.8 (yes), 0.85 (no), 0.9 (yes).
        assertEquals(0.85, rows.get(1).meanPredicted(), 1e-12);
        assertEquals(2 / 3.0, rows.get(1).observedShare(), 1e-12);
        assertEquals(Math.abs(2 / 3.0 - 0.85), table.maxAbsGap(), 1e-12);
    }

    @Test
    void decilesOfAnUnevenCountDifferByAtMostOne() {
        int n = 103;
        double[] predicted = new double[n];
        boolean[] happened = new boolean[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = i / (double) n;
            happened[i] = i % 2 == 0;
        }
        List<CalibrationTable.Row> rows = CalibrationTable.of(predicted, happened, 10).rows();
        assertEquals(10, rows.size());
        assertEquals(n, rows.stream().mapToInt(CalibrationTable.Row::count).sum());
        rows.forEach(r -> assertEquals(10.3, r.count(), 0.7));
    }

    @Test
    void fewerCustomersThanBinsLeavesNoEmptyBin() {
        List<CalibrationTable.Row> rows = CalibrationTable.of(new double[] {0.2, 0.4}, new boolean[] {false, true}, 10).rows();
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).count());
    }
}
