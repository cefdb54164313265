package io.kairos.demo.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    private static final SoakVerdict.Settings SETTINGS = new SoakVerdict.Settings(60, 600, 10_000, 1500);

    /** A sawtooth live heap and a RocksDB state that swings between compactions stay bounded. */
    @Test
    void sawtoothHeapAndSwingingStateOfAFixedPopulationAreBounded() {
        SoakSeries series = series(i -> 50 + (i % 7) * 3, i -> 6_000_000L + (i % 5) * 1_500_000L,
                i -> 3_000 + (i % 2) * 7_500L, 10_000, 4_000, false);
        List<SoakVerdict.Check> checks = SoakVerdict.judge(series, SETTINGS);
        assertEquals(4, checks.size());
        checks.forEach(c -> assertTrue(c.passed(), c.toString()));
    }

    /** Records that fill towards their caps: fast at first, ever slower. */
    @Test
    void stateThatGrowsEverSlowerAsRecordsFillIsBounded() {
        SoakSeries series = series(i -> 50, i -> (long) (12_000_000 * (1 - Math.exp(-i / 40.0))) + (i % 4) * 1_000_000L,
                i -> 3_000L, 10_000, 4_000, false);
        SoakVerdict.Check state = SoakVerdict.judge(series, SETTINGS).get(2);
        assertTrue(state.passed(), state.toString());
    }

    @Test
    void aLiveHeapThatKeepsGrowingIsALeak() {
        SoakSeries series = series(i -> 50 + i * 0.8, i -> 6_000_000L, i -> 3_000L, 10_000, 4_000, false);
        SoakVerdict.Check heap = SoakVerdict.judge(series, SETTINGS).get(1);
        assertFalse(heap.passed(), heap.toString());
    }

    @Test
    void stateThatKeepsGrowingIsNotBounded() {
        SoakSeries series = series(i -> 50, i -> 6_000_000L + i * 100_000L, i -> 3_000L, 10_000, 4_000, false);
        SoakVerdict.Check state = SoakVerdict.judge(series, SETTINGS).get(2);
        assertFalse(state.passed(), state.toString());
        List<String> byTask = SoakVerdict.stateByTask(series, SETTINGS);
        assertEquals(1, byTask.size(), byTask.toString());
        assertTrue(byTask.get(0).contains("personalization") && byTask.get(0).endsWith("GROWS ON"), byTask.get(0));
    }

    @Test
    void aCheckpointLongerThanTheIntervalOrAFailedOneIsNotOnTime() {
        SoakSeries slow = series(i -> 50, i -> 6_000_000L, i -> 3_000L, 10_000, 12_000, false);
        assertFalse(SoakVerdict.judge(slow, SETTINGS).get(0).passed());
        SoakSeries failed = series(i -> 50, i -> 6_000_000L, i -> 3_000L, 10_000, 4_000, true);
        assertFalse(SoakVerdict.judge(failed, SETTINGS).get(0).passed());
        SoakSeries gap = series(i -> 50, i -> 6_000_000L, i -> 3_000L, 25_000, 4_000, false);
        assertFalse(SoakVerdict.judge(gap, SETTINGS).get(0).passed());
    }

    @Test
    void aBacklogBeyondThreeIntervalsOfInputIsNotKeepingUp() {
        SoakSeries series = series(i -> 50, i -> 6_000_000L, i -> 1_000L * i, 10_000, 4_000, false);
        SoakVerdict.Check lag = SoakVerdict.judge(series, SETTINGS).get(3);
        assertFalse(lag.passed(), lag.toString());
    }

    /**
     * One sample every 5 s over the 600 s run (the functions take the sample's index), a canonical
     * savepoint every 25 s weighing the state the function gives, and a checkpoint every
     * {@code everyMs} taking {@code durationMs}; the 30th fails if {@code oneFails}.
     */
    private static SoakSeries series(IntToDoubleFunction heapAfterGc, IntToLongFunction state, IntToLongFunction lag,
                                     long everyMs, long durationMs, boolean oneFails) {
        List<SoakSeries.Sample> samples = new ArrayList<>();
        List<SoakSeries.Checkpoint> checkpoints = new ArrayList<>();
        for (int i = 0; i <= 120; i++) {
            long bytes = state.applyAsLong(i);
            if (i % 5 == 0) {
                checkpoints.add(new SoakSeries.Checkpoint(1000 + i, true, true, i * 5, 900, bytes, 0,
                        Map.of("personalization", bytes)));
            }
            double heap = heapAfterGc.applyAsDouble(i);
            samples.add(new SoakSeries.Sample(i * 5, i * 7_500L, lag.applyAsLong(i), 200, heap, heap, bytes, 10_000_000));
        }
        long id = 1;
        for (long t = 0; t <= 600_000; t += everyMs) {
            boolean completed = !(oneFails && id == 30);
            checkpoints.add(new SoakSeries.Checkpoint(id++, false, completed, t / 1000.0, durationMs, 6_000_000, 500_000, Map.of()));
        }
        return new SoakSeries(samples, checkpoints);
    }
}
