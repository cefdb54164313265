package io.kairos.loadgen.measure;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Turns a message that landed in Redis into a latency. Pure logic, no I/O: the probe hands it
 * each message's fields (the contract's body fields: {@code trigger}, {@code causeEventId},
 * {@code createdAt}, ...) and the moment the message was in Redis.
 *
 * <ul>
 *   <li>{@code CROSS_SELL}: caused by a purchase, whose event id is the message's
 *       {@code causeEventId}: latency = landed - the purchase's produce time, if the load
 *       generator remembered it (else counted as unmatched).
 *   <li>{@code CART_ABANDONMENT}: caused by silence, not by an event (its cause is
 *       {@code cart@<due time>}): what is measured is how late the reminder landed after it was
 *       due ({@code createdAt}, the timer's event time), i.e. the watermark and timer delay.
 *   <li>Anything else is counted as other.
 * </ul>
 *
 * Values are recorded in milliseconds into HdrHistogram {@link Recorder}s, so a reporter can
 * take interval histograms while recording goes on. A negative latency (clocks of producer and
 * Redis apart) is counted and recorded as 0. Thread-safe.
 */
public final class LatencyMatcher {
    /** Longest latency tracked exactly; longer ones are recorded as this. */
    public static final long HIGHEST_TRACKABLE_MS = 3_600_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    public enum Outcome { MATCHED, CART_REMINDER, UNMATCHED, OTHER }

    private final ProduceTimes produceTimes;
    private final Recorder endToEnd = new Recorder(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
    private final Recorder cartLateness = new Recorder(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
    private final Histogram endToEndTotal = new Histogram(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
    private final Histogram cartTotal = new Histogram(HIGHEST_TRACKABLE_MS, SIGNIFICANT_DIGITS);
    private Histogram endToEndInterval;
    private Histogram cartInterval;
    private long matched;
    private long cartReminders;
    private long unmatched;
    private long other;
    private long negative;

    public LatencyMatcher(ProduceTimes produceTimes) {
        this.produceTimes = produceTimes;
    }

    public synchronized Outcome accept(Map<String, String> message, long landedAtMillis) {
        String trigger = message.get("trigger");
        if ("CROSS_SELL".equals(trigger)) {
            long producedAt = produceTimes.producedAt(message.get("causeEventId"));
            if (producedAt < 0) {
                unmatched++;
                return Outcome.UNMATCHED;
            }
            endToEnd.recordValue(clamp(landedAtMillis - producedAt));
            matched++;
            return Outcome.MATCHED;
        }
        if ("CART_ABANDONMENT".equals(trigger)) {
            long dueAt = parseLong(message.get("createdAt"));
            if (dueAt < 0) {
                other++;
                return Outcome.OTHER;
            }
            cartLateness.recordValue(clamp(landedAtMillis - dueAt));
            cartReminders++;
            return Outcome.CART_REMINDER;
        }
        other++;
        return Outcome.OTHER;
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
     * Produce-to-Redis latencies recorded since the previous call (an interval histogram), which
     * are also added to the run's total.
     */
    public synchronized Histogram endToEndInterval() {
        endToEndInterval = endToEnd.getIntervalHistogram(endToEndInterval);
        endToEndTotal.add(endToEndInterval);
        return endToEndInterval.copy();
    }

    public synchronized Histogram cartLatenessInterval() {
        cartInterval = cartLateness.getIntervalHistogram(cartInterval);
        cartTotal.add(cartInterval);
        return cartInterval.copy();
    }

    /** Every produce-to-Redis latency of the run so far (takes the pending interval in). */
    public synchronized Histogram endToEndTotal() {
        endToEndInterval();
        return endToEndTotal.copy();
    }

    public synchronized Histogram cartLatenessTotal() {
        cartLatenessInterval();
        return cartTotal.copy();
    }

    public synchronized long matched() {
        return matched;
    }

    public synchronized long cartReminders() {
        return cartReminders;
    }

    /** Cross-sell messages whose cause the load generator did not (or no longer) remember. */
    public synchronized long unmatched() {
        return unmatched;
    }

    public synchronized long other() {
        return other;
    }

    /** Latencies below zero (clock skew between the producer's host and Redis), recorded as 0. */
    public synchronized long negative() {
        return negative;
    }
}
