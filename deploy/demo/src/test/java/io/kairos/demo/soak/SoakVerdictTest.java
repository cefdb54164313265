package io.kairos.demo.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    private static final SoakVerdict.Settings SETTINGS = new SoakVerdict.Settings(60, 600, 10_000, 1500);

    /** A sawtooth live heap and a RocksDB state that swings between compactions stay bounded. */
    @Test
    void sawtoothHeapAndSwingingStateOfAFixedPopulationAreBounded() {
        SoakSeries series = new SoakSeries(samples(i -> 50 + (i % 7) * 3, i -> 6_000_000L + (i % 5) * 1_500_000L,
                i -> 3_000 + (i % 2) * 7_500L), checkpoints(10_000, 4_000, false));
        List<SoakVerdict.Check> checks = SoakVerdict.judge(series, SETTINGS);
        assertEquals(4, checks.size());
        checks.forEach(c -> assertTrue(c.passed(), c.toString()));
    }

    /** Records that fill towards their caps: fast at first, ever slower. */
    @Test
    void stateThatGrowsEverSlowerAsRecordsFillIsBounded() {
        SoakSeries series = new SoakSeries(samples(i -> 50, i -> (long) (12_000_000 * (1 - Math.exp(-i / 40.0))) + (i % 4) * 1_000_000L,
                i -> 3_000L), checkpoints(10_000, 4_000, false));
        SoakVerdict.Check state = SoakVerdict.judge(series, SETTINGS).get(2);
        assertTrue(state.passed(), state.toString());
    }

    @Test
    void aLiveHeapThatKeepsGrowingIsALeak() {
        SoakSeries series = new SoakSeries(samples(i -> 50 + i * 0.8, i -> 6_000_000L, i -> 3_000L),
                checkpoints(10_000, 4_000, false));
        SoakVerdict.Check heap = SoakVerdict.judge(series, SETTINGS).get(1);
        assertFalse(heap.passed(), heap.toString());
    }

    @Test
    void stateThatKeepsGrowingIsNotBounded() {
        SoakSeries series = new SoakSeries(samples(i -> 50, i -> 6_000_000L + i * 100_000L, i -> 3_000L),
                checkpoints(10_000, 4_000, false));
        SoakVerdict.Check state = SoakVerdict.judge(series, SETTINGS).get(2);
        assertFalse(state.passed(), state.toString());
    }

    @Test
    void aCheckpointLongerThanTheIntervalOrAFailedOneIsNotOnTime() {
        SoakSeries slow = new SoakSeries(samples(i -> 50, i -> 6_000_000L, i -> 3_000L), checkpoints(10_000, 12_000, false));
        assertFalse(SoakVerdict.judge(slow, SETTINGS).get(0).passed());
        SoakSeries failed = new SoakSeries(samples(i -> 50, i -> 6_000_000L, i -> 3_000L), checkpoints(10_000, 4_000, true));
        assertFalse(SoakVerdict.judge(failed, SETTINGS).get(0).passed());
        SoakSeries gap = new SoakSeries(samples(i -> 50, i -> 6_000_000L, i -> 3_000L), checkpoints(25_000, 4_000, false));
        assertFalse(SoakVerdict.judge(gap, SETTINGS).get(0).passed());
    }

    @Test
    void aBacklogBeyondThreeIntervalsOfInputIsNotKeepingUp() {
        SoakSeries series = new SoakSeries(samples(i -> 50, i -> 6_000_000L, i -> 1_000L * i),
                checkpoints(10_000, 4_000, false));
        SoakVerdict.Check lag = SoakVerdict.judge(series, SETTINGS).get(3);
        assertFalse(lag.passed(), lag.toString());
    }

    /** The savepoints of the series {@link #samples} made last, for {@link #checkpoints} to add. */
    private static final List<SoakSeries.Checkpoint> savepoints = new ArrayList<>();

    /** One sample every 5 s over the 600 s run; the functions take the sample's index. */
    private static List<SoakSeries.Sample> samples(IntToDoubleFunction heapAfterGc, IntToLongFunction state,
                                                   IntToLongFunction lag) {
        List<SoakSeries.Sample> xs = new ArrayList<>();
        savepoints.clear();
        for (int i = 0; i <= 120; i++) {
            if (i % 5 == 0) { // a canonical savepoint every 25 s, weighing the state the function gives
                savepoints.add(new SoakSeries.Checkpoint(1000 + i, true, true, i * 5, 900, state.applyAsLong(i), 0,
                        java.util.Map.of("personalization", state.applyAsLong(i))));
            }
            double heap = heapAfterGc.applyAsDouble(i);
            xs.add(new SoakSeries.Sample(i * 5, i * 7_500L, lag.applyAsLong(i), 200, heap, heap, state.applyAsLong(i), 10_000_000));
        }
        return xs;
    }

    private static List<SoakSeries.Checkpoint> checkpoints(long everyMs, long durationMs, boolean oneFails) {
        List<SoakSeries.Checkpoint> cs = new ArrayList<>(savepoints);
        long id = 1;
        for (long t = 0; t <= 600_000; t += everyMs) {
            boolean completed = !(oneFails && id == 30);
            cs.add(new SoakSeries.Checkpoint(id++, false, completed, t / 1000.0, durationMs, 6_000_000, 500_000, java.util.Map.of()));
        }
        return cs;
    }
}
