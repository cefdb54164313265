package io.kairos.loadgen.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayScheduleTest {
    private static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    /** Waits for each event in turn and returns when each went out, ms after the first. */
    private static List<Double> sendTimes(double speed, long... eventTimes) throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplaySchedule schedule = new ReplaySchedule(speed, time, time);
        long start = time.now;
        List<Double> out = new ArrayList<>();
        for (long t : eventTimes) {
            assertEquals(0, schedule.awaitDue(t), "on time");
            out.add(time.millisSince(start));
        }
        return out;
    }

    @Test
    void realTimeKeepsTheGapsAsRecorded() throws InterruptedException {
        assertEquals(List.of(0.0, 1_000.0, 61_000.0, 3_661_000.0),
                sendTimes(1, T0, T0 + SECOND, T0 + MINUTE + SECOND, T0 + HOUR + MINUTE + SECOND));
    }

    @Test
    void sixtyTimesTurnsAnHourIntoAMinute() throws InterruptedException {
        List<Double> at = sendTimes(60, T0, T0 + 6 * SECOND, T0 + HOUR, T0 + HOUR);
        assertEquals(0.0, at.get(0));
        assertEquals(100.0, at.get(1), 1e-3);
        assertEquals(60_000.0, at.get(2), 1e-3);
        assertEquals(60_000.0, at.get(3), 1e-3, "equal event times go out together");
    }

    @Test
    void maxSpeedNeverWaits() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplaySchedule schedule = new ReplaySchedule(ReplaySchedule.MAX, time,
                nanos -> { throw new AssertionError("slept " + nanos + " ns at max speed"); });
        for (long t : new long[] {T0, T0 + HOUR, T0 + 30 * 24 * HOUR}) {
            assertEquals(0, schedule.awaitDue(t));
        }
        assertTrue(schedule.asFastAsPossible());
    }

    @Test
    void anEventEarlierThanItsPredecessorGoesOutWithItNotBefore() throws InterruptedException {
        // A late event in a capture: the file's order is the replay's order.
        assertEquals(List.of(0.0, 10_000.0, 10_000.0, 12_000.0),
                sendTimes(1, T0, T0 + 10 * SECOND, T0 + 5 * SECOND, T0 + 12 * SECOND));
    }

    @Test
    void aReplayThatFallsBehindCatchesUpWithoutDrift() throws InterruptedException {
        FakeTime time = new FakeTime();
        ReplaySchedule schedule = new ReplaySchedule(1, time, time);
        long start = time.now;
        schedule.awaitDue(T0);
        time.advanceMillis(2_500); // a send that took 2.5 s
        assertEquals(Duration.ofMillis(1_500).toNanos(), schedule.awaitDue(T0 + SECOND), "1.5 s late");
        assertEquals(2_500.0, time.millisSince(start), "no wait when late");
        schedule.awaitDue(T0 + 3 * SECOND);
        assertEquals(3_000.0, time.millisSince(start), "back on the original schedule, not 2.5 s later");
    }

    @Test
    void aSleepThatEndsEarlyIsResumed() throws InterruptedException {
        FakeTime time = new FakeTime();
        // wakes after at most 100 ms, as Thread.sleep may wake before its time
        ReplaySchedule schedule = new ReplaySchedule(1, time, nanos -> time.sleepNanos(Math.min(nanos, 100_000_000L)));
        long start = time.now;
        schedule.awaitDue(T0);
        assertEquals(0, schedule.awaitDue(T0 + SECOND));
        assertEquals(1_000.0, time.millisSince(start));
        assertEquals(10, time.sleeps.size());
    }

    @Test
    void speedMustBePositive() {
        FakeTime time = new FakeTime();
        assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(0, time, time));
        assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(-1, time, time));
        assertThrows(IllegalArgumentException.class, () -> new ReplaySchedule(Double.NaN, time, time));
    }
}
