package io.kairos.loadgen.replay;

import java.util.ArrayList;
import java.util.List;

/** A monotonic clock that moves only when the code under test sleeps, or the test says so. */
final class FakeTime implements ReplaySchedule.Ticker, ReplaySchedule.Sleeper {
    long now = 1_000_000_000L; // not zero: nothing may assume the ticker starts there
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    void advanceMillis(long millis) {
        now += millis * 1_000_000L;
    }

    /** Milliseconds since the given ticker instant. */
    double millisSince(long start) {
        return (now - start) / 1e6;
    }
}
