package io.kairos.demo.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak stayed bounded, from what it recorded after its warm-up (the job's first minute
 * fills caches, RocksDB's memtables and every customer's record, and proves nothing either way).
 * Each check compares the second half of the steady run with the first: a leak or a backlog is
 * something that keeps growing, and a run long enough to see it grow is what a soak is for.
 *
 * <ul>
 *   <li><b>checkpoints on time</b>: none failed; each completed within one interval; no gap
 *       between two of them longer than two intervals (a checkpoint held behind backpressure
 *       shows as a gap).
 *   <li><b>heap bounded</b>: the heap after collection (the live set and what old generation
 *       has not yet reclaimed), its median in the second half no more than 20% (and 16 MB of
 *       noise) above the first half's. A leak of 10 MB a minute, which would fill a 1 GB heap in
 *       under two hours, fails it over ten minutes ({@code SoakVerdictTest}); comparing peaks
 *       would not.
 *   <li><b>state bounded</b>: the checkpointed state's median in the second half is within 15%
 *       of the first half's: the population is fixed, and every per-customer list is capped. The
 *       median, because the full size of a RocksDB checkpoint swings by half between compactions
 *       (files written but not yet merged count in full).
 *   <li><b>keeps up</b>: the consumer lag never exceeds three checkpoint intervals of input (the
 *       source commits on checkpoints, so one to two intervals is what a job that keeps up shows).
 * </ul>
 */
public final class SoakVerdict {
    /** One check, passed or not, with the figures that decided it. */
    public record Check(String name, boolean passed, String figures) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-20s %s  %s", name, passed ? "ok  " : "FAIL", figures);
        }
    }

    /** What the checks need to know of the run. */
    public record Settings(double warmUpSeconds, double loadSeconds, long checkpointIntervalMs, double eventsPerSecond) {}

    private SoakVerdict() {}

    public static List<Check> judge(SoakSeries series, Settings s) {
        List<SoakSeries.Sample> steady = series.samples().stream()
                .filter(x -> x.second() >= s.warmUpSeconds() && x.second() <= s.loadSeconds())
                .toList();
        List<Check> checks = new ArrayList<>();
        checks.add(checkpoints(series.checkpoints(), s));
        checks.add(heap(steady));
        checks.add(state(steady));
        checks.add(lag(steady, s));
        return checks;
    }

    static Check checkpoints(List<SoakSeries.Checkpoint> all, Settings s) {
        List<SoakSeries.Checkpoint> inRun = all.stream()
                .filter(c -> c.triggerSecond() >= s.warmUpSeconds() && c.triggerSecond() <= s.loadSeconds())
                .toList();
        long failed = inRun.stream().filter(c -> !c.completed()).count();
        List<SoakSeries.Checkpoint> done = inRun.stream().filter(SoakSeries.Checkpoint::completed).toList();
        long slowest = done.stream().mapToLong(SoakSeries.Checkpoint::durationMs).max().orElse(-1);
        double widestGap = 0;
        for (int i = 1; i < done.size(); i++) {
            widestGap = Math.max(widestGap, done.get(i).triggerSecond() - done.get(i - 1).triggerSecond());
        }
        double interval = s.checkpointIntervalMs() / 1000.0;
        long expected = (long) ((s.loadSeconds() - s.warmUpSeconds()) / interval);
        boolean passed = !done.isEmpty() && failed == 0 && slowest <= s.checkpointIntervalMs()
                && widestGap <= 2 * interval && done.size() >= expected * 8 / 10;
        return new Check("checkpoints on time", passed, String.format(Locale.ROOT,
                "%d completed (%d expected), %d failed, slowest %d ms (interval %.0f s), widest gap %.1f s",
                done.size(), expected, failed, slowest, interval, widestGap));
    }

    static Check heap(List<SoakSeries.Sample> steady) {
        List<SoakSeries.Sample> known = steady.stream().filter(x -> x.heapAfterGcMb() >= 0).toList();
        if (known.size() < 4) {
            return new Check("heap bounded", false, "too few collections after the warm-up to judge: " + known.size());
        }
        double first = median(firstHalf(known), SoakSeries.Sample::heapAfterGcMb);
        double second = median(secondHalf(known), SoakSeries.Sample::heapAfterGcMb);
        double limit = first * 1.2 + 16;
        return new Check("heap bounded", second <= limit, String.format(Locale.ROOT,
                "heap after GC, median %.0f MB in the first half, %.0f MB in the second (limit %.0f); peak %.0f MB",
                first, second, limit, peak(known, SoakSeries.Sample::heapAfterGcMb)));
    }

    static Check state(List<SoakSeries.Sample> steady) {
        List<SoakSeries.Sample> known = steady.stream().filter(x -> x.stateBytes() >= 0).toList();
        if (known.size() < 4) {
            return new Check("state bounded", false, "too few checkpoints after the warm-up to judge: " + known.size());
        }
        double first = median(firstHalf(known), SoakSeries.Sample::stateBytes);
        double second = median(secondHalf(known), SoakSeries.Sample::stateBytes);
        return new Check("state bounded", second <= first * 1.15, String.format(Locale.ROOT,
                "checkpointed state, median %.1f MB in the first half, %.1f MB in the second (%+.1f%%; limit +15%%)",
                first / 1e6, second / 1e6, 100.0 * (second - first) / Math.max(1, first)));
    }

    static Check lag(List<SoakSeries.Sample> steady, Settings s) {
        long worst = steady.stream().mapToLong(SoakSeries.Sample::lag).max().orElse(-1);
        double limit = 3 * s.checkpointIntervalMs() / 1000.0 * s.eventsPerSecond();
        return new Check("keeps up", worst >= 0 && worst <= limit, String.format(Locale.ROOT,
                "consumer lag at most %,d events (limit %,.0f: three checkpoint intervals of input)", worst, limit));
    }

    private static List<SoakSeries.Sample> firstHalf(List<SoakSeries.Sample> xs) {
        return xs.subList(0, Math.max(1, xs.size() / 2));
    }

    private static List<SoakSeries.Sample> secondHalf(List<SoakSeries.Sample> xs) {
        return xs.subList(xs.size() / 2, xs.size());
    }

    private static double median(List<SoakSeries.Sample> xs, ToDoubleFunction<SoakSeries.Sample> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double peak(List<SoakSeries.Sample> xs, ToDoubleFunction<SoakSeries.Sample> f) {
        return xs.stream().mapToDouble(f).max().orElse(-1);
    }
}
