package io.kairos.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.state.ValueSegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueHistogramTest {

    @Test
    void thresholdsSplitThePopulationByTheConfiguredShares() {
        ValueHistogram h = new ValueHistogram();
        Random random = new Random(7);
        double[] scores = new double[10_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.log(10 + random.nextDouble() * 5000); // spend 10..5010
            h.add(scores[i]);
        }
        PyramidThresholds t = PyramidThresholds.from(h, new PyramidShares(0.01, 0.04, 0.15), 0);
        int top = 0, high = 0, middle = 0, low = 0;
        for (double s : scores) {
            switch (t.segmentOf(s)) {
                case TOP -> top++;
                case HIGH -> high++;
                case MIDDLE -> middle++;
                default -> low++;
            }
        }
        // Within a bucket (1% of value) customers are taken as evenly spread: close, not exact.
        assertEquals(100, top, 10);
        assertEquals(400, high, 15);
        assertEquals(1500, middle, 20);
        assertEquals(10_000, top + high + middle + low);
        assertEquals(10_000, t.activeCustomers);
    }

    @Test
    void removedScoresLeaveThePopulation() {
        ValueHistogram h = new ValueHistogram();
        for (int i = 1; i <= 100; i++) {
            h.add(Math.log(i));
        }
        assertTrue(h.remove(Math.log(100)));
        assertEquals(99, h.total);
        assertEquals(Math.log(99), h.minScoreOfTop(0.01), 2 * ValueHistogram.BUCKET_WIDTH);
        assertFalse(h.remove(Math.log(100)), "no longer in");
        assertFalse(h.remove(Math.log(1e9)), "never in");
    }

    @Test
    void growsDownwardsAndUpwards() {
        ValueHistogram h = new ValueHistogram();
        h.add(0);
        h.add(-40);
        h.add(60);
        assertEquals(3, h.total);
        assertEquals(60, h.minScoreOfTop(0.3), 2 * ValueHistogram.BUCKET_WIDTH);
        assertEquals(-40, h.minScoreOfTop(1.0), 2 * ValueHistogram.BUCKET_WIDTH);
    }

    @Test
    void anEmptyPopulationHasNobodyAboveLow() {
        PyramidThresholds t = PyramidThresholds.from(new ValueHistogram(), new PyramidShares(0.01, 0.04, 0.15), 0);
        assertEquals(ValueSegment.LOW, t.segmentOf(1e6));
    }
}
