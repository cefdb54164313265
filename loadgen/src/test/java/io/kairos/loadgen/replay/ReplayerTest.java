package io.kairos.loadgen.replay;

import static io.kairos.loadgen.replay.TestEvents.click;
import static io.kairos.loadgen.replay.TestEvents.opened;
import static io.kairos.loadgen.replay.TestEvents.purchase;
import static io.kairos.loadgen.replay.TestEvents.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.schemas.CustomerEventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayerTest {
    private static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final Instant MONTH_LATER = Instant.parse("2026-12-02T09:00:00Z");

    /** What reached the sink, in order, with the fake clock's time in ms since the start. */
    private static final class ListSink implements Replayer.Sink {
        record Sent(double atMillis, String topic, String key, byte[] value) {}

        record Tick(double atMillis, List<String> topics, long instant, int sendsFlushedBefore) {}

        final FakeTime time;
        final long start;
        final List<Sent> sent = new ArrayList<>();
        final List<Tick> ticks = new ArrayList<>();
        int flushed;
        long failed;

        ListSink(FakeTime time) {
            this.time = time;
            this.start = time.now;
        }

        @Override
        public void send(String topic, String key, byte[] value) {
            sent.add(new Sent(time.millisSince(start), topic, key, value));
        }

        @Override
        public void flush() {
            flushed = sent.size();
        }

        @Override
        public Map<String, Integer> tick(Collection<String> topics, long epochMillis) {
            ticks.add(new Tick(time.millisSince(start), List.copyOf(topics), epochMillis, flushed));
            Map<String, Integer> out = new LinkedHashMap<>();
            topics.forEach(t -> out.put(t, 2));
            return out;
        }

        @Override
        public long failed() {
            return failed;
        }

        @Override
        public String lastError() {
            return failed == 0 ? null : "broker on fire";
        }
    }

    private static final CustomerEventCodec EVENTS = CustomerEventCodec.create();

    private static Replayer.Summary replay(ListSink sink, FakeTime time, double speed, String topic,
                                           Instant advanceTo, RecordedEvent... events) throws Exception {
        Replayer replayer = new Replayer(sink, topic, new ReplaySchedule(speed, time, time), time);
        return replayer.run(List.of(events).iterator(), advanceTo);
    }

    @Test
    void sendsEveryEventInFileOrderToTheOneTopicKeyedByCustomer() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        RecordedEvent[] events = {registration("c-1", T0), click("c-1", T0 + SECOND), click("c-2", T0 + SECOND),
                purchase("c-1", T0 + MINUTE, 99.5), opened("c-2", T0 + 2 * MINUTE)};
        Replayer.Summary summary = replay(sink, time, ReplaySchedule.MAX, "customer-events", null, events);

        assertEquals(List.of("customer-events", "customer-events", "customer-events", "customer-events",
                "customer-events"), sink.sent.stream().map(ListSink.Sent::topic).toList());
        assertEquals(List.of("c-1", "c-1", "c-2", "c-1", "c-2"), sink.sent.stream().map(ListSink.Sent::key).toList());
        // values are the wrapped events in the customer event envelope, in file order
        for (int i = 0; i < events.length; i++) {
            assertEquals(events[i].getEvent(), EVENTS.decode(sink.sent.get(i).value()).value());
        }
        PurchaseEvent purchase = (PurchaseEvent) EVENTS.decode(sink.sent.get(3).value()).value();
        assertEquals(99.5, purchase.getLines().get(0).getUnitPrice());
        assertEquals(T0 + MINUTE, purchase.getEventTime());
        assertEquals(5, summary.events());
        assertEquals("customer-events", summary.topic());
        assertEquals(Map.of("click", 2L, "purchase", 1L, "customer-update", 1L, "offer-response", 1L),
                summary.byKind());
        assertTrue(sink.ticks.isEmpty(), "no --advance-to, no tick");
        assertNull(summary.advancedTo());
        assertEquals(-1, summary.maxLagMillis(), "no lag at max speed");
    }

    @Test
    void sendsEachEventWhenItsScaledGapHasPassed() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        replay(sink, time, 60, "customer-events", null,
                click("c-1", T0), click("c-2", T0 + 30 * SECOND), click("c-1", T0 + 30 * SECOND),
                purchase("c-1", T0 + 10 * MINUTE, 10));
        assertEquals(List.of(0.0, 500.0, 500.0, 10_000.0), sink.sent.stream().map(ListSink.Sent::atMillis).toList());
    }

    @Test
    void atRealTimeAGapOfTwoMinutesTakesTwoMinutes() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        Replayer.Summary summary = replay(sink, time, 1, "customer-events", null,
                click("c-1", T0), click("c-1", T0 + 2 * MINUTE));
        assertEquals(List.of(0.0, 120_000.0), sink.sent.stream().map(ListSink.Sent::atMillis).toList());
        assertEquals(120.0, summary.wallSeconds(), 1e-9);
        assertEquals(0, summary.maxLagMillis());
    }

    @Test
    void advancesEventTimeOnTheTopicAfterTheLastEventIsAcknowledged() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        Replayer.Summary summary = replay(sink, time, 60, "staging.customer-events", MONTH_LATER,
                click("c-1", T0), purchase("c-1", T0 + MINUTE, 20));

        assertEquals(1, sink.ticks.size());
        ListSink.Tick tick = sink.ticks.get(0);
        assertEquals(MONTH_LATER.toEpochMilli(), tick.instant());
        assertEquals(2, tick.sendsFlushedBefore(), "both events flushed before the tick");
        assertEquals(1_000.0, tick.atMillis(), "right after the last event (1 min at 60x)");
        assertEquals(List.of("staging.customer-events"), tick.topics());
        assertEquals(MONTH_LATER, summary.advancedTo());
        assertEquals(2, summary.tickedPartitions().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of("staging.customer-events", "staging.customer-events"),
                sink.sent.stream().map(ListSink.Sent::topic).toList());
    }

    @Test
    void doesNotAdvanceEventTimeWhenSendsFailed() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        sink.failed = 1;
        Replayer.Summary summary = replay(sink, time, ReplaySchedule.MAX, "customer-events", MONTH_LATER,
                click("c-1", T0));
        assertTrue(sink.ticks.isEmpty());
        assertNull(summary.advancedTo());
        assertEquals("sends failed", summary.tickSkipped());
        assertTrue(summary.toString().contains("NOT advanced"), summary.toString());
    }

    @Test
    void anInterruptStopsTheReplayWithoutATick() throws Exception {
        FakeTime time = new FakeTime();
        ListSink sink = new ListSink(time);
        ReplaySchedule schedule = new ReplaySchedule(1, time, nanos -> { throw new InterruptedException(); });
        Replayer.Summary summary = new Replayer(sink, "customer-events", schedule, time)
                .run(List.of(click("c-1", T0), click("c-1", T0 + MINUTE)).iterator(), MONTH_LATER);
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertEquals(1, summary.events());
        assertTrue(summary.interrupted());
        assertTrue(sink.ticks.isEmpty());
        assertEquals(1, sink.flushed, "what was sent is still flushed");
    }
}
