package io.kairos.loadgen.replay;

import io.kairos.events.RecordedEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a recording's events in file order, each when its {@link ReplaySchedule} says, to the
 * topic of its kind, keyed by customer; then, when asked, waits for every send to be
 * acknowledged and moves event time to an instant with a clock tick on every partition of those
 * topics, so that silence-based detectors (churn, cart reminders) fire as they would have had
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
    private final TopicMap topics;
    private final ReplaySchedule schedule;
    private final ReplaySchedule.Ticker ticker;
    private final EventKind.Codecs codecs = new EventKind.Codecs();
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, AtomicLong> byTopic = new TreeMap<>();
    private volatile long lastEventTime;
    private volatile long lagNanos;
    private volatile long maxLagNanos;
    private volatile long startedNanos;

    public Replayer(Sink sink, TopicMap topics, ReplaySchedule schedule, ReplaySchedule.Ticker ticker) {
        this.sink = sink;
        this.topics = topics;
        this.schedule = schedule;
        this.ticker = ticker;
        for (String topic : topics.all()) {
            byTopic.put(topic, new AtomicLong());
        }
    }

    /**
     * Replays every event, then flushes, then (if {@code advanceTo} is not null and nothing
     * failed) ticks every topic to it. Stops early, without ticks, when the thread is interrupted.
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
                String topic = topics.topic(EventKind.of(recorded.getEvent()));
                sink.send(topic, recorded.getKey(), codecs.encode(recorded.getEvent()));
                if (sent.getAndIncrement() == 0) {
                    firstEventTime = eventTime;
                }
                byTopic.get(topic).incrementAndGet();
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
                ticked = sink.tick(topics.all(), advanceTo.toEpochMilli());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Map<String, Long> counts = new TreeMap<>();
        byTopic.forEach((topic, count) -> counts.put(topic, count.get()));
        return new Summary(sent.get(), counts, (sendsDoneNanos - startedNanos) / 1e9, firstEventTime,
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
     * What a replay did. Lags are -1 at max speed. {@code advancedTo} is null when no tick was
     * sent; {@code tickSkipped} says why when one was asked for but not sent.
     */
    public record Summary(
            long events,
            Map<String, Long> byTopic,
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
                    "%,d events in %.1f s (%,.0f/s), %,d failed; by topic %s", events, wallSeconds,
                    eventsPerSecond(), failed, byTopic));
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
