package io.kairos.demo.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a soak stayed bounded, from what it recorded after its warm-up (the job's first minute
 * fills caches, RocksDB's memtables and every customer's record, and proves nothing either way).
 *
 * <ul>
 *   <li><b>checkpoints on time</b>: none failed; each completed within one interval; no gap
 *       between two of them longer than two intervals (a checkpoint held behind backpressure
 *       shows as a gap).
 *   <li><b>heap bounded</b> and <b>state bounded</b>: the steady run is cut into nine windows and
 *       those into thirds; a level may grow, but its growth in the last third must be at most
 *       three quarters of its growth from the first third to the middle one (or within noise). A leak grows the
 *       same every minute and fails; per-customer records that fill up to their caps (product
 *       views, remembered messages up to the weekly cap) grow ever slower and pass: ten minutes
 *       are far too short for them to stop growing, so "flat" would be the wrong test.
 *       The heap's level is the live set after a full collection (the soak asks the job JVM for
 *       one twice a window: G1 with a large heap carries old garbage for a long while, which after
 *       young collections looks like a slow leak). The state's level is the size of a savepoint
 *       in Flink's canonical format, taken twice a window: the live state serialized. A
 *       checkpoint's full size is RocksDB's files, which hold overwritten versions until
 *       compaction: it swings by half and its floor rises as the levels fill, with the same live
 *       state (the soak charts it, but does not judge by it).
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
        checks.add(heap(steady, s));
        checks.add(state(series, s));
        checks.add(lag(steady, s));
        return checks;
    }

    static Check checkpoints(List<SoakSeries.Checkpoint> all, Settings s) {
        List<SoakSeries.Checkpoint> inRun = all.stream()
                .filter(c -> !c.savepoint())
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

    static Check heap(List<SoakSeries.Sample> steady, Settings s) {
        double[] levels = levels(steady, s, SoakSeries.Sample::liveSetMb, false);
        if (levels == null) {
            return new Check("heap bounded", false, "too few full collections after the warm-up to judge");
        }
        Growth g = new Growth(levels, levels[0] * 0.05 + 4);
        return new Check("heap bounded", g.slows(), String.format(Locale.ROOT,
                "live set (after a full GC) %.0f -> %.0f -> %.0f MB over the thirds (%s); peak heap after GC %.0f MB",
                g.first, g.middle, g.last, g, peak(steady, SoakSeries.Sample::heapAfterGcMb)));
    }

    static Check state(SoakSeries series, Settings s) {
        double[] levels = levels(savepoints(series, null), s, x -> x.stateBytes() / 1e6, true);
        if (levels == null) {
            return new Check("state bounded", false, "too few savepoints after the warm-up to judge");
        }
        Growth g = new Growth(levels, levels[0] * 0.05);
        return new Check("state bounded", g.slows(), String.format(Locale.ROOT,
                "live state (canonical savepoints) %.2f -> %.2f -> %.2f MB over the thirds (%s)",
                g.first, g.middle, g.last, g));
    }

    /** The completed savepoints as points in time: all the state, or one task's ({@code task} not null). */
    private static List<SoakSeries.Sample> savepoints(SoakSeries series, String task) {
        return series.checkpoints().stream()
                .filter(c -> c.savepoint() && c.completed() && (task == null || c.stateByTask().containsKey(task)))
                .map(c -> new SoakSeries.Sample(c.triggerSecond(), 0, 0, 0, 0, 0,
                        task == null ? c.stateBytes() : c.stateByTask().get(task), 0))
                .toList();
    }

    /**
     * The live state of each task (operator chain) over the thirds of the steady run, largest first:
     * where the state is, and which part of it still grows.
     */
    public static List<String> stateByTask(SoakSeries series, Settings s) {
        java.util.Set<String> tasks = new java.util.TreeSet<>();
        series.checkpoints().forEach(c -> tasks.addAll(c.stateByTask().keySet()));
        record Row(String task, Growth growth) {}
        List<Row> rows = new ArrayList<>();
        for (String task : tasks) {
            double[] levels = levels(savepoints(series, task), s, x -> x.stateBytes() / 1e6, true);
            if (levels != null && levels[WINDOWS - 1] > 0.01) {
                rows.add(new Row(task, new Growth(levels, levels[0] * 0.05)));
            }
        }
        rows.sort((a, b) -> Double.compare(b.growth().last, a.growth().last));
        return rows.stream().map(r -> String.format(Locale.ROOT, "    %-60s %7.2f -> %7.2f -> %7.2f MB  %s",
                r.task().length() > 60 ? r.task().substring(0, 57) + "..." : r.task(),
                r.growth().first, r.growth().middle, r.growth().last, r.growth().slows() ? "slows" : "GROWS ON")).toList();
    }

    /** Windows of the steady run (nine): the level of each, its trough or its median. */
    private static double[] levels(List<SoakSeries.Sample> steady, Settings s,
                                   ToDoubleFunction<SoakSeries.Sample> value, boolean trough) {
        double span = (s.loadSeconds() - s.warmUpSeconds()) / WINDOWS;
        double[] levels = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            double from = s.warmUpSeconds() + w * span;
            List<SoakSeries.Sample> in = steady.stream()
                    .filter(x -> x.second() >= from && x.second() < from + span && value.applyAsDouble(x) >= 0)
                    .toList();
            if (in.isEmpty()) {
                return null;
            }
            levels[w] = trough ? in.stream().mapToDouble(value).min().orElseThrow() : median(in, value);
        }
        return levels;
    }

    private static final int WINDOWS = 9;

    /**
     * Growth in the last third over growth in the middle one, at most. A leak grows the same in
     * each (1.0, give or take noise); a record filling towards its caps grows less in each. Three
     * quarters leaves room for a leak's noise; the demo's population over ten minutes fills at
     * about 0.6 (docs/BENCHMARKS.md, "Soak").
     */
    static final double SLOWING = 0.75;

    /**
     * How a level moved over the thirds of the steady run (each third the median of its three
     * windows). Bounded: the growth in the last third is at most {@link #SLOWING} of the growth in the middle one
     * (records that fill grow ever slower; a leak grows the same every minute), or within noise.
     */
    static final class Growth {
        final double first;
        final double middle;
        final double last;
        final double noise;

        Growth(double[] windows, double noise) {
            this.first = medianOf(windows[0], windows[1], windows[2]);
            this.middle = medianOf(windows[3], windows[4], windows[5]);
            this.last = medianOf(windows[6], windows[7], windows[8]);
            this.noise = noise;
        }

        boolean slows() {
            return last - middle <= Math.max(SLOWING * (middle - first), noise);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "last third grew %+.2f, limit %.2f: %.0f%% of the middle's %+.2f, or noise %.2f",
                    last - middle, Math.max(SLOWING * (middle - first), noise), SLOWING * 100, middle - first, noise);
        }

        private static double medianOf(double a, double b, double c) {
            return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }

    static Check lag(List<SoakSeries.Sample> steady, Settings s) {
        long worst = steady.stream().mapToLong(SoakSeries.Sample::lag).max().orElse(-1);
        double limit = 3 * s.checkpointIntervalMs() / 1000.0 * s.eventsPerSecond();
        return new Check("keeps up", worst >= 0 && worst <= limit, String.format(Locale.ROOT,
                "consumer lag at most %,d events (limit %,.0f: three checkpoint intervals of input)", worst, limit));
    }

    private static double median(List<SoakSeries.Sample> xs, ToDoubleFunction<SoakSeries.Sample> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double peak(List<SoakSeries.Sample> xs, ToDoubleFunction<SoakSeries.Sample> f) {
        return xs.stream().mapToDouble(f).max().orElse(-1);
    }
}
