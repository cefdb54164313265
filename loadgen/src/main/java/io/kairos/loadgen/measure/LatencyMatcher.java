package io.kairos.loadgen.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Turns a message that landed in Redis into a latency. Pure logic, no I/O: the probes hand it
 * each message's fields (the contract's body fields: {@code trigger}, {@code channel},
 * {@code causeEventId}, {@code createdAt}, {@code sendAt}) and the moment Redis stored it (its
 * {@code landedAt}). Every channel is measured, push and pull alike.
 *
 * <ul>
 *   <li>{@link Basis#PRODUCED}: a message caused by an event the load generator sent (a
 *       cross-sell's purchase, a browse intent's product view, ...: {@code causeEventId} is that
 *       event's id): latency = landed - the event's produce time, if the load generator still
 *       remembers it. A cross-sell or browse intent whose cause it does not remember is counted
 *       as unmatched.
 *   <li>{@link Basis#DUE}: a message caused by time, not by an event: a timer (cart reminder
 *       {@code cart@<due>}, birthday, replenishment) or a signal (win-back, VIP thank-you), and
 *       any message held for quiet hours or the customer's best hour ({@code sendAt} after
 *       {@code createdAt}): latency = landed - its due time, {@code max(createdAt, sendAt)} (the
 *       timer's or signal's event time, or the release time): how late it landed after it was
 *       due, i.e. the watermark, timer and pipeline delay.
 *   <li>Anything else is counted as other.
 * </ul>
 *
 * Each basis has a histogram overall, one per trigger and one per channel. Values are recorded in
 * milliseconds into HdrHistogram {@link Recorder}s, so a reporter can take interval histograms
 * while recording goes on. A negative latency (clocks of producer and Redis apart) is counted and
 * recorded as 0. Thread-safe.
 */
public final class LatencyMatcher {
    /** Longest latency tracked exactly; longer ones are recorded as this. */
    public static final long HIGHEST_TRACKABLE_MS = 3_600_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    /** Triggers that only an event causes: without a remembered cause they are unmatched. */
    private static final Set<String> EVENT_TRIGGERS = Set.of("CROSS_SELL", "BROWSE_INTENT");

    /** Triggers caused by a timer or a signal: measured from their due time. */
    private static final Set<String> TIME_TRIGGERS =
            Set.of("CART_ABANDONMENT", "BIRTHDAY", "REPLENISHMENT", "WIN_BACK", "VIP_THANK_YOU");

    public enum Outcome { MATCHED, DUE, UNMATCHED, OTHER, WARM_UP }

    /** What a latency is measured from. */
    public enum Basis {
        /** From the moment the causing event was handed to the Kafka producer. */
        PRODUCED,
        /** From the moment the message was due (timer, signal, or release after a hold). */
        DUE
    }

    /** What one histogram covers: a basis, overall or for one trigger or one channel. */
    public record Key(Basis basis, String dimension, String value) implements Comparable<Key> {
        public static final String OVERALL = "overall";
        public static final String TRIGGER = "trigger";
        public static final String CHANNEL = "channel";

        public static Key overall(Basis basis) {
            return new Key(basis, OVERALL, "");
        }

        @Override
        public int compareTo(Key o) {
            int c = basis.compareTo(o.basis);
            if (c == 0) {
                c = rank(dimension) - rank(o.dimension);
            }
            return c != 0 ? c : value.compareTo(o.value);
        }

        private static int rank(String dimension) {
            return switch (dimension) {
                case OVERALL -> 0;
                case TRIGGER -> 1;
                default -> 2;
            };
        }
    }

    private final ProduceTimes produceTimes;
    private final Map<Key, Recorder> recorders = new LinkedHashMap<>();
    private final Map<Key, Histogram> totals = new TreeMap<>();
    private final Map<Key, Histogram> intervals = new LinkedHashMap<>();
    private long matched;
    private long due;
    private long unmatched;
    private long other;
    private long negative;
    private long warmUp;
    private final long recordFromMillis;

    public LatencyMatcher(ProduceTimes produceTimes) {
        this(produceTimes, Long.MIN_VALUE);
    }

    /**
     * Records only latencies that start (cause produced, or due) at or after {@code
     * recordFromMillis}: the ones before are the warm-up, counted but not recorded.
     */
    public LatencyMatcher(ProduceTimes produceTimes, long recordFromMillis) {
        this.produceTimes = produceTimes;
        this.recordFromMillis = recordFromMillis;
        for (Basis basis : Basis.values()) {
            recorder(Key.overall(basis));
        }
    }

    public synchronized Outcome accept(Map<String, String> message, long landedAtMillis) {
        String trigger = String.valueOf(message.get("trigger"));
        String channel = String.valueOf(message.get("channel"));
        long createdAt = parseLong(message.get("createdAt"));
        long sendAt = parseLong(message.get("sendAt"));
        boolean held = sendAt > createdAt && createdAt >= 0;
        long producedAt = held ? -1 : produceTimes.producedAt(message.get("causeEventId"));
        if (producedAt >= 0) {
            return measure(Basis.PRODUCED, trigger, channel, producedAt, landedAtMillis);
        }
        if (held || TIME_TRIGGERS.contains(trigger)) {
            long dueAt = Math.max(createdAt, sendAt);
            if (dueAt < 0) {
                other++;
                return Outcome.OTHER;
            }
            return measure(Basis.DUE, trigger, channel, dueAt, landedAtMillis);
        }
        if (EVENT_TRIGGERS.contains(trigger)) {
            unmatched++;
            return Outcome.UNMATCHED;
        }
        other++;
        return Outcome.OTHER;
    }

    /**
     * The latency from {@code startMillis} (the cause's produce time, or the due time) to the
     * landing, recorded unless it started in the warm-up.
     */
    private Outcome measure(Basis basis, String trigger, String channel, long startMillis, long landedAtMillis) {
        if (startMillis < recordFromMillis) {
            warmUp++;
            return Outcome.WARM_UP;
        }
        record(basis, trigger, channel, landedAtMillis - startMillis);
        if (basis == Basis.PRODUCED) {
            matched++;
            return Outcome.MATCHED;
        }
        due++;
        return Outcome.DUE;
    }

    private void record(Basis basis, String trigger, String channel, long latency) {
        long value = clamp(latency);
        recorder(Key.overall(basis)).recordValue(value);
        recorder(new Key(basis, Key.TRIGGER, trigger)).recordValue(value);
        recorder(new Key(basis, Key.CHANNEL, channel)).recordValue(value);
    }

    private Recorder recorder(Key key) {
        return recorders.computeIfAbsent(key, k -> {
            totals.put(k, new Histogram(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS));
            return new Recorder(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
        });
    }

    private long clamp(long latency) {
        if (latency < 0) {
            negative++;
            return 0;
        }
        return Math.min(latency, HIGHEST_TRACKABLE_MS);
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Latencies of this key recorded since the previous call for it (an interval histogram),
     * which are also added to the run's total.
     */
    public synchronized Histogram interval(Key key) {
        Recorder recorder = recorders.get(key);
        if (recorder == null) {
            return new Histogram(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
        }
        Histogram h = recorder.getIntervalHistogram(intervals.get(key));
        intervals.put(key, h);
        totals.get(key).add(h);
        return h.copy();
    }

    /** Every latency of this key recorded so far in the run (takes the pending interval in). */
    public synchronized Histogram total(Key key) {
        interval(key);
        Histogram total = totals.get(key);
        return total == null ? new Histogram(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS) : total.copy();
    }

    /** Every histogram of the run so far, in order: by basis, overall first, then triggers, then channels. */
    public synchronized Map<Key, Histogram> totals() {
        for (Key key : recorders.keySet()) {
            interval(key);
        }
        Map<Key, Histogram> out = new LinkedHashMap<>();
        totals.forEach((k, h) -> out.put(k, h.copy()));
        return Collections.unmodifiableMap(out);
    }

    /** Produce-to-Redis latencies (every event-caused message) since the previous call. */
    public Histogram endToEndInterval() {
        return interval(Key.overall(Basis.PRODUCED));
    }

    /** Every produce-to-Redis latency of the run so far. */
    public Histogram endToEndTotal() {
        return total(Key.overall(Basis.PRODUCED));
    }

    /** Every after-due latency (timers, signals, releases) of the run so far. */
    public Histogram dueTotal() {
        return total(Key.overall(Basis.DUE));
    }

    /**
     * What became of the messages so far, counted at one instant.
     *
     * @param matched messages measured from their cause's produce time
     * @param due messages measured from their due time
     * @param unmatched event-caused messages whose cause the load generator did not (or no longer) remember
     * @param warmUp messages whose cause was produced (or that were due) during the warm-up: not recorded
     * @param negative latencies below zero (clock skew between the producer's host and Redis), recorded as 0
     */
    public record Counts(long matched, long due, long unmatched, long other, long warmUp, long negative) {}

    public synchronized Counts counts() {
        return new Counts(matched, due, unmatched, other, warmUp, negative);
    }
}
