package io.kairos.loadgen.measure;

import io.kairos.loadgen.EventGenerator;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.report.LatencySection;
import io.kairos.loadgen.report.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * What a measured run collects, from the moment load starts ({@code originMillis}): produce
 * times of the events sent (any of them can be a message's cause), events produced per second,
 * messages landed per second, on every channel (from the {@link LatencyProbe} and the
 * {@link PullChannelProbe}), and once a second the target rate and the job's consumer lag.
 * {@link #report} turns it into a {@link Report}: latency overall, per trigger and per channel.
 */
public final class Measurement implements AutoCloseable {
    /** Every message caused by an event the load generator sent, all triggers and channels. */
    public static final String END_TO_END = "produce to Redis";
    /** Every message caused by a timer or a signal, or released after a hold. */
    public static final String AFTER_DUE = "after due";

    private final long originMillis;
    private final java.time.Duration warmUp;
    private final ProduceTimes produceTimes;
    private final LatencyMatcher matcher;
    private final PerSecondCounter produced;
    private final PerSecondCounter landed;
    private final Map<Integer, Double> targetBySecond = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lagBySecond = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;
    private final String loadAverageAtStart = MachineInfo.loadAverage();

    public Measurement(long originMillis, int produceTimesCapacity) {
        this(originMillis, produceTimesCapacity, java.time.Duration.ZERO);
    }

    /**
     * Latencies of messages caused (or due) in the first {@code warmUp} after the origin are
     * counted, not recorded: a cold job's first seconds are not its steady state.
     */
    public Measurement(long originMillis, int produceTimesCapacity, java.time.Duration warmUp) {
        this.originMillis = originMillis;
        this.warmUp = warmUp;
        this.produceTimes = new ProduceTimes(produceTimesCapacity);
        this.matcher = new LatencyMatcher(produceTimes, originMillis + warmUp.toMillis());
        this.produced = new PerSecondCounter(originMillis);
        this.landed = new PerSecondCounter(originMillis);
    }

    /**
     * For {@link LoadGenerator#onSend}: counts every send and remembers every event's produce
     * time (a purchase causes a cross-sell, a product view a browse intent, ...).
     */
    public LoadGenerator.SendListener sendListener() {
        return (EventGenerator.GeneratedEvent event, long wallMillis) -> {
            produced.add(wallMillis);
            if (!event.poison() && event.eventId() != null) {
                produceTimes.remember(event.eventId(), wallMillis);
            }
        };
    }

    /** Samples the target rate and the lag once a second, from now until {@link #close}. */
    public Measurement startSampling(DoubleSupplier targetRate, LongSupplier lag) {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-measure-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            int second = secondOf(System.currentTimeMillis());
            if (second >= 0) {
                targetBySecond.put(second, targetRate.getAsDouble());
                lagBySecond.put(second, lag.getAsLong());
            }
        }, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private int secondOf(long millis) {
        return millis < originMillis ? -1 : (int) ((millis - originMillis) / 1000);
    }

    public LatencyMatcher matcher() {
        return matcher;
    }

    public PerSecondCounter produced() {
        return produced;
    }

    public PerSecondCounter landed() {
        return landed;
    }

    public ProduceTimes produceTimes() {
        return produceTimes;
    }

    public long originMillis() {
        return originMillis;
    }

    /** The last lag sampled, or -1. */
    public long lastLag() {
        return lagBySecond.entrySet().stream()
                .max(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(-1L);
    }

    /**
     * The series of the first {@code seconds} seconds; a second the sampler missed takes the
     * sample before it (the target rate) or -1 (the lag).
     */
    public Report.TimeSeries series(int seconds) {
        long[] p = produced.counts(seconds);
        long[] l = landed.counts(seconds);
        List<Integer> second = new ArrayList<>();
        List<Double> target = new ArrayList<>();
        List<Long> prod = new ArrayList<>();
        List<Long> land = new ArrayList<>();
        List<Long> lag = new ArrayList<>();
        double lastTarget = 0;
        for (int i = 0; i < seconds; i++) {
            second.add(i);
            lastTarget = targetBySecond.getOrDefault(i, lastTarget);
            target.add(lastTarget);
            prod.add(p[i]);
            land.add(l[i]);
            lag.add(lagBySecond.getOrDefault(i, -1L));
        }
        return new Report.TimeSeries(second, target, prod, land, lag);
    }

    /**
     * The report of the run: {@code parameters} as given, a summary of what was measured, both
     * latency sections, and the series of the first {@code seconds} seconds.
     */
    public Report report(String title, Map<String, String> parameters, Map<String, Object> extraSummary, int seconds) {
        LatencyMatcher.Counts c = matcher.counts();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events produced", produced.total());
        summary.put("events remembered (produce time kept)", produceTimes.remembered());
        summary.put("events forgotten (over capacity)", produceTimes.forgotten());
        summary.put("messages landed (all channels)", landed.total());
        summary.put("messages measured from their cause's produce time", c.matched());
        summary.put("messages measured from their due time", c.due());
        summary.put("event-caused messages not matched (cause not remembered)", c.unmatched());
        summary.put("other messages", c.other());
        summary.put("warm-up (not recorded)", warmUp.toString());
        summary.put("messages caused or due in the warm-up (not recorded)", c.warmUp());
        summary.put("negative latencies (clock skew) recorded as 0", c.negative());
        summary.put("load average (1 min) at start", loadAverageAtStart);
        summary.put("load average (1 min) at the end", MachineInfo.loadAverage());
        summary.putAll(extraSummary);
        List<LatencySection> latency = latencySections(matcher);
        return new Report(title, Instant.ofEpochMilli(originMillis).toString(), parameters, summary, latency,
                series(seconds), List.of());
    }

    /**
     * The latency sections of a run: for each basis the overall histogram (always), then one per
     * trigger and one per channel that had messages.
     */
    static List<LatencySection> latencySections(LatencyMatcher m) {
        List<LatencySection> sections = new ArrayList<>();
        m.totals().forEach((key, histogram) -> {
            boolean overall = LatencyMatcher.Key.OVERALL.equals(key.dimension());
            if (!overall && histogram.getTotalCount() == 0) {
                return;
            }
            String base = key.basis() == LatencyMatcher.Basis.PRODUCED ? END_TO_END : AFTER_DUE;
            String name = overall ? base : base + ", " + key.dimension() + " " + key.value();
            sections.add(LatencySection.of(name, key.dimension(), describe(key), histogram));
        });
        return sections;
    }

    private static String describe(LatencyMatcher.Key key) {
        String what = key.basis() == LatencyMatcher.Basis.PRODUCED
                ? "from the moment the load generator handed the causing event (the message's causeEventId: a"
                        + " cross-sell's purchase, a browse intent's product view, ...) to the Kafka producer to the"
                        + " moment Redis stored the message (its landedAt, Redis's clock in the write script)"
                : "a message caused by a timer (cart reminder, birthday, replenishment) or a signal (win-back, VIP"
                        + " thank-you), or released after a hold: from its due time (createdAt, or sendAt when later)"
                        + " to the moment Redis stored it (landedAt); the watermark, timer and pipeline delay";
        return switch (key.dimension()) {
            case LatencyMatcher.Key.TRIGGER -> what + "; trigger " + key.value() + ", every channel";
            case LatencyMatcher.Key.CHANNEL -> what + "; channel " + key.value() + ", every trigger";
            default -> what + "; every trigger and channel, push (stream entries) and pull (message bodies)";
        };
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
