package io.kairos.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.state.ValueSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PopulationValueFunctionTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final PyramidShares SHARES = new PyramidShares(0.1, 0.2, 0.3);

    private static KeyedOneInputStreamOperatorTestHarness<Integer, ValueChange, PyramidThresholds> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new PopulationValueFunction(SHARES, Duration.ofHours(1)), c -> 0, Types.INT);
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<Integer, ValueChange, PyramidThresholds> h, ValueChange c)
            throws Exception {
        h.processElement(new StreamRecord<>(c, c.at));
    }

    @Test
    void thresholdsAreEmittedAtThePeriodEndFromTheChangesBeforeIt() throws Exception {
        try (var h = harness()) {
            for (int i = 1; i <= 10; i++) {
                send(h, new ValueChange(10 * HOUR + i, Double.NaN, Math.log(i * 100)));
            }
            send(h, new ValueChange(11 * HOUR + 5, Double.NaN, Math.log(5000))); // next period
            h.processWatermark(11 * HOUR);
            List<PyramidThresholds> out = h.extractOutputValues();
            assertEquals(1, out.size());
            PyramidThresholds t = out.get(0);
            assertEquals(11 * HOUR, t.validFrom);
            assertEquals(10, t.activeCustomers);
            assertEquals(ValueSegment.TOP, t.segmentOf(Math.log(1000)));
            assertEquals(ValueSegment.HIGH, t.segmentOf(Math.log(900)));
            assertEquals(ValueSegment.HIGH, t.segmentOf(Math.log(800)));
            assertEquals(ValueSegment.MIDDLE, t.segmentOf(Math.log(500)));
            assertEquals(ValueSegment.LOW, t.segmentOf(Math.log(400)));

            h.processWatermark(12 * HOUR);
            assertEquals(11, h.extractOutputValues().get(1).activeCustomers);
        }
    }

    @Test
    void theSameChangesInAnyOrderGiveTheSameThresholds() throws Exception {
        List<ValueChange> changes = new ArrayList<>();
        Random random = new Random(3);
        for (int customer = 0; customer < 200; customer++) {
            long at = random.nextInt(5) * HOUR + random.nextInt(1000);
            double score = Math.log(1 + random.nextInt(10_000));
            changes.add(new ValueChange(at, Double.NaN, score));
            if (customer % 3 == 0) { // a repeat purchase later in the same or a later period
                double more = score + 0.5;
                changes.add(new ValueChange(at + random.nextInt(2) * HOUR, score, more));
            }
        }
        List<PyramidThresholds> first = run(changes);
        Collections.shuffle(changes, new Random(11));
        // Within a period a customer's change may arrive before the one it replaces.
        assertEquals(first, run(changes));
        assertTrue(first.size() >= 5);
    }

    private static List<PyramidThresholds> run(List<ValueChange> changes) throws Exception {
        try (var h = harness()) {
            for (ValueChange c : changes) {
                send(h, c);
            }
            h.processWatermark(10 * HOUR);
            return h.extractOutputValues();
        }
    }
}
