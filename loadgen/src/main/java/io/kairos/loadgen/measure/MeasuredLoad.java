package io.kairos.loadgen.measure;

import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.report.LatencySection;
import io.kairos.loadgen.report.Report;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.UnifiedJedis;

/**
 * One measured run of the load generator: the {@link Measurement} hooked to its sends, the
 * {@link LatencyProbe} on Redis (if there is one) and the once-a-second sampler of target rate
 * and lag (if the job's group is known). Start it right before {@link LoadGenerator#run}, call
 * {@link #settle} after the load, then {@link #finish} for the report. Used by
 * {@code ./kairos loadgen --report} and {@code ./kairos demo --report}.
 */
public final class MeasuredLoad implements AutoCloseable {
    /** Purchases whose produce time is kept (about 150 bytes each). */
    public static final int DEFAULT_CAPACITY = 500_000;

    private final LoadGenerator load;
    private final Measurement measurement;
    private final LatencyProbe probe;
    private final PullChannelProbe pullProbe;
    private final ConsumerLag lag;
    private final Duration duration;
    private boolean finished;

    private MeasuredLoad(LoadGenerator load, UnifiedJedis redis, ConsumerLag lag, Duration duration, int capacity,
            Duration warmUp) {
        this.load = load;
        this.lag = lag;
        this.duration = duration;
        this.measurement = new Measurement(System.currentTimeMillis(), capacity, warmUp);
        load.onSend(measurement.sendListener());
        this.probe = redis == null
                ? null
                : new LatencyProbe(redis, measurement.matcher(), measurement.landed(), LatencyProbe.DEFAULT_GROUP).start();
        this.pullProbe = redis == null
                ? null
                : new PullChannelProbe(redis, measurement.matcher(), measurement.landed(), measurement.originMillis())
                        .start();
        measurement.startSampling(load::targetRate, lag == null ? () -> -1L : lag::lag);
    }

    /**
     * Starts measuring now. {@code redis} null: no latency (throughput only); {@code lag} null:
     * no lag series.
     */
    public static MeasuredLoad start(LoadGenerator load, UnifiedJedis redis, ConsumerLag lag, Duration duration) {
        return start(load, redis, lag, duration, Duration.ZERO);
    }

    /**
     * As {@link #start(LoadGenerator, UnifiedJedis, ConsumerLag, Duration)}; messages caused (or
     * due) in the first {@code warmUp} are counted, not recorded in the latency histograms.
     */
    public static MeasuredLoad start(
            LoadGenerator load, UnifiedJedis redis, ConsumerLag lag, Duration duration, Duration warmUp) {
        return new MeasuredLoad(load, redis, lag, duration, DEFAULT_CAPACITY, warmUp);
    }

    public Measurement measurement() {
        return measurement;
    }

    /**
     * After the load: waits until the job has caught up (lag 0, if known) and no message has
     * landed for {@code quiet}, or at most {@code max}.
     */
    public void settle(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long lastLanded = measurement.landed().total();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long landed = measurement.landed().total();
            if (landed != lastLanded) {
                lastLanded = landed;
                quietSince = System.nanoTime();
            }
            boolean caughtUp = lag == null || lag.lag() == 0;
            if (caughtUp && System.nanoTime() - quietSince >= quiet.toNanos()) {
                return;
            }
        }
    }

    /** One progress line: elapsed, bar, target and actual rate, landed, latency, lag. */
    public String progress() {
        long elapsedMs = System.currentTimeMillis() - measurement.originMillis();
        double fraction = (double) elapsedMs / duration.toMillis();
        long sent = load.sent();
        double actual = elapsedMs <= 0 ? 0 : sent * 1000.0 / elapsedMs;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%4ds/%ds %s %3.0f%% | target %,.0f/s | sent %,d (%,.0f/s)",
                elapsedMs / 1000, duration.toSeconds(), ProgressLine.bar(fraction, 20), Math.min(100, fraction * 100),
                load.targetRate(), sent, actual));
        s.append(latencyNow());
        if (lag != null) {
            s.append(String.format(Locale.ROOT, " | lag %,d", measurement.lastLag()));
        }
        return s.toString();
    }

    /** " | landed n | p50 x ms p99 y ms" over the interval since the last call, or "". */
    public String latencyNow() {
        if (probe == null) {
            return "";
        }
        Histogram interval = measurement.matcher().endToEndInterval();
        String s = String.format(Locale.ROOT, " | landed %,d", measurement.landed().total());
        if (interval.getTotalCount() > 0) {
            s += String.format(Locale.ROOT, " | p50 %,d ms p99 %,d ms", interval.getValueAtPercentile(50),
                    interval.getValueAtPercentile(99));
        }
        return s;
    }

    /**
     * Stops the probe (reading what is left) and the sampler, and returns the report: the series
     * run from the start of load to now.
     */
    public Report finish(String title, Map<String, String> parameters, Map<String, Object> extraSummary)
            throws InterruptedException {
        close();
        int seconds = (int) Math.max(1, (System.currentTimeMillis() - measurement.originMillis() + 999) / 1000);
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        if (probe != null) {
            summary.put("push messages measured (stream entries)", probe.received());
            summary.put("push entries skipped (body gone: withdrawn, forgotten, expired)", probe.skipped());
        }
        if (pullProbe != null) {
            summary.put("pull messages measured (message bodies)", pullProbe.received());
            summary.put("pull probe: sweeps of kairos:msg:*", pullProbe.sweeps());
            summary.put("pull probe: last sweep (ms)", pullProbe.lastSweepMillis());
        }
        summary.putAll(extraSummary);
        return measurement.report(title, parameters, summary, seconds);
    }

    /** Lines for a console summary of a report's latency sections: overall, per trigger, per channel. */
    public static String latencyLines(Report report) {
        StringBuilder s = new StringBuilder();
        for (LatencySection l : report.latency()) {
            s.append(String.format(Locale.ROOT,
                    "  %-44s n=%,7d  p50 %,6d ms  p90 %,6d ms  p99 %,6d ms  p99.9 %,6d ms  max %,6d ms%n",
                    l.name(), l.count(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs()));
        }
        return s.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (probe != null) {
                probe.close();
            }
        } finally {
            try {
                if (pullProbe != null) {
                    pullProbe.close();
                }
            } finally {
                measurement.close();
            }
        }
    }
}
