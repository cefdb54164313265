package io.kairos.loadgen.replay;

import io.kairos.events.RecordedEvent;
import io.kairos.schemas.CustomerEventCodec;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends a recording's events in file order, each when its {@link ReplaySchedule} says, to the
 * customer event topic in the {@link CustomerEventCodec} envelope, keyed by customer, so each
 * customer's events land in one partition in file order; then, when asked, waits for every send
 * to be acknowledged and moves event time to an instant with a clock tick on every partition of
 * the topic, so that silence-based detectors (churn, cart reminders) fire as they would have had
 * time gone on. Counters are safe to read from another thread (for progress) during {@link #run}.
 */
public final class Replayer {

    /** Where events go: Kafka in production, a list in tests. */
    public interface Sink {
        /** Hands one record over; may be asynchronous. */
        void send(String topic, String key, byte[] value);

        /** Returns once everything sent is acknowledged (or failed). */
        void flush() throws InterruptedException;

        /** A clock tick for {@code epochMillis} to every partition of each topic; per topic, how many. */
        Map<String, Integer> tick(Collection<String> topics, long epochMillis) throws Exception;

        /** Sends that failed so far. */
        long failed();

        /** The last send error, or null. */
        String lastError();
    }

    private final Sink sink;
    private final String topic;
    private final ReplaySchedule schedule;
    private final ReplaySchedule.Ticker ticker;
    private final CustomerEventCodec codec = CustomerEventCodec.create();
    private final AtomicLong sent = new AtomicLong();
    private final Map<EventKind, AtomicLong> byKind = new EnumMap<>(EventKind.class);
    private volatile long lastEventTime;
    private volatile long lagNanos;
    private volatile long maxLagNanos;
    private volatile long startedNanos;

    /** To {@code topic}: the job's customer event topic (customer-events by default). */
    public Replayer(Sink sink, String topic, ReplaySchedule schedule, ReplaySchedule.Ticker ticker) {
        this.sink = sink;
        this.topic = topic;
        this.schedule = schedule;
        this.ticker = ticker;
        for (EventKind kind : EventKind.values()) {
            byKind.put(kind, new AtomicLong());
        }
    }

    /**
     * Replays every event, then flushes, then (if {@code advanceTo} is not null and nothing
     * failed) ticks every partition of the topic to it. Stops early, without ticks, when the
     * thread is interrupted.
     */
    public Summary run(Iterator<RecordedEvent> events, Instant advanceTo) throws Exception {
        startedNanos = ticker.nanos();
        long firstEventTime = 0;
        boolean interrupted = false;
        try {
            while (events.hasNext()) {
                RecordedEvent recorded = events.next();
                long eventTime = recorded.getEventTime();
                long lag = schedule.awaitDue(eventTime);
                SpecificRecord event = (SpecificRecord) recorded.getEvent();
                sink.send(topic, recorded.getKey(), codec.encode(event));
                if (sent.getAndIncrement() == 0) {
                    firstEventTime = eventTime;
                }
                byKind.get(EventKind.of(event)).incrementAndGet();
                lastEventTime = eventTime;
                lagNanos = lag;
                if (lag > maxLagNanos) {
                    maxLagNanos = lag;
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        sink.flush();
        long sendsDoneNanos = ticker.nanos();
        Map<String, Integer> ticked = Map.of();
        String tickSkipped = null;
        if (advanceTo != null) {
            if (interrupted) {
                tickSkipped = "stopped before the end";
            } else if (sink.failed() > 0) {
                tickSkipped = "sends failed";
            } else {
                ticked = sink.tick(List.of(topic), advanceTo.toEpochMilli());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        byKind.forEach((kind, count) -> {
            if (count.get() > 0) {
                counts.put(kind.label(), count.get());
            }
        });
        return new Summary(sent.get(), topic, counts, (sendsDoneNanos - startedNanos) / 1e9, firstEventTime,
                lastEventTime, schedule.asFastAsPossible() ? -1 : maxLagNanos / 1_000_000,
                schedule.asFastAsPossible() ? -1 : lagNanos / 1_000_000, sink.failed(), sink.lastError(),
                ticked.isEmpty() ? null : advanceTo, ticked, tickSkipped, interrupted);
    }

    /** Events handed to the sink so far. */
    public long sent() {
        return sent.get();
    }

    /** Event time of the last event sent (epoch ms), 0 before the first. */
    public long lastEventTime() {
        return lastEventTime;
    }

    /** How far behind its schedule the last event went out, ms; -1 at max speed. */
    public long lagMillis() {
        return schedule.asFastAsPossible() ? -1 : lagNanos / 1_000_000;
    }

    /** Seconds since {@link #run} started. */
    public double elapsedSeconds() {
        return startedNanos == 0 ? 0 : (ticker.nanos() - startedNanos) / 1e9;
    }

    /**
     * What a replay did: events sent to {@code topic}, and how many of each kind (click,
     * purchase, ...). Lags are -1 at max speed. {@code advancedTo} is null when no tick was sent;
     * {@code tickSkipped} says why when one was asked for but not sent.
     */
    public record Summary(
            long events,
            String topic,
            Map<String, Long> byKind,
            double wallSeconds,
            long firstEventTime,
            long lastEventTime,
            long maxLagMillis,
            long finalLagMillis,
            long failed,
            String lastError,
            Instant advancedTo,
            Map<String, Integer> tickedPartitions,
            String tickSkipped,
            boolean interrupted) {

        public double eventsPerSecond() {
            return wallSeconds <= 0 ? 0 : events / wallSeconds;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format(
                    "%,d events to %s in %.1f s (%,.0f/s), %,d failed; by kind %s", events, topic, wallSeconds,
                    eventsPerSecond(), failed, byKind));
            if (events > 0) {
                s.append(String.format("; event time %s to %s", Instant.ofEpochMilli(firstEventTime),
                        Instant.ofEpochMilli(lastEventTime)));
            }
            if (maxLagMillis >= 0) {
                s.append(String.format("; lag behind schedule: %,d ms at the end, %,d ms at most",
                        finalLagMillis, maxLagMillis));
            }
            if (advancedTo != null) {
                s.append("; event time advanced to ").append(advancedTo).append(" on ")
                        .append(tickedPartitions.values().stream().mapToInt(Integer::intValue).sum())
                        .append(" partition(s)");
            }
            if (tickSkipped != null) {
                s.append("; event time NOT advanced: ").append(tickSkipped);
            }
            if (interrupted) {
                s.append("; stopped before the end of the file");
            }
            if (lastError != null) {
                s.append("; last error: ").append(lastError);
            }
            return s.toString();
        }
    }
}
