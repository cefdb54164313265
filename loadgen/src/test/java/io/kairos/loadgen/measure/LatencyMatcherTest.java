package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyMatcherTest {
    private static final long T0 = 1_764_645_000_000L; // 2025-12-02T03:10:00Z
    private static final long MS = 1;
    private static final long SECOND = 1000 * MS;

    private static Map<String, String> crossSell(String causeEventId) {
        return crossSell(causeEventId, "EMAIL");
    }

    private static Map<String, String> crossSell(String causeEventId, String channel) {
        return Map.of("trigger", "CROSS_SELL", "channel", channel, "causeEventId", causeEventId,
                "createdAt", String.valueOf(T0), "sendAt", String.valueOf(T0));
    }

    private static Map<String, String> cartReminder(long dueAt) {
        return Map.of("trigger", "CART_ABANDONMENT", "channel", "PUSH", "causeEventId", "cart@" + dueAt,
                "createdAt", String.valueOf(dueAt), "sendAt", String.valueOf(dueAt));
    }

    private static LatencyMatcher.Key key(LatencyMatcher.Basis basis, String dimension, String value) {
        return new LatencyMatcher.Key(basis, dimension, value);
    }

    @Test
    void aCrossSellIsMeasuredFromItsPurchasesProduceTime() {
        ProduceTimes times = new ProduceTimes(100);
        times.remember("e-42-7", T0);
        times.remember("e-42-9", T0 + SECOND);
        LatencyMatcher m = new LatencyMatcher(times);

        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(crossSell("e-42-7"), T0 + 120 * MS));
        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(crossSell("e-42-9"), T0 + SECOND + 80 * MS));

        Histogram h = m.endToEndTotal();
        assertEquals(2, h.getTotalCount());
        assertEquals(80, h.getMinValue());
        assertEquals(120, h.getMaxValue(), 1); // within the histogram's 3 significant digits
        assertEquals(2, m.counts().matched());
    }

    @Test
    void aCauseNotRememberedIsCountedNotMeasured() {
        ProduceTimes times = new ProduceTimes(2);
        times.remember("e-1", T0);
        times.remember("e-2", T0);
        times.remember("e-3", T0); // e-1 is forgotten: over capacity
        LatencyMatcher m = new LatencyMatcher(times);

        assertEquals(LatencyMatcher.Outcome.UNMATCHED, m.accept(crossSell("e-1"), T0 + SECOND));
        assertEquals(LatencyMatcher.Outcome.UNMATCHED, m.accept(crossSell("from-another-run"), T0 + SECOND));
        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(crossSell("e-3"), T0 + SECOND));
        assertEquals(2, m.counts().unmatched());
        assertEquals(1, times.forgotten());
        assertEquals(1, m.endToEndTotal().getTotalCount());
    }

    @Test
    void aCartReminderIsMeasuredFromItsDueTime() {
        LatencyMatcher m = new LatencyMatcher(new ProduceTimes(10));
        long due = T0 + 20 * SECOND;
        assertEquals(LatencyMatcher.Outcome.DUE, m.accept(cartReminder(due), due + 2_500 * MS));
        Histogram h = m.dueTotal();
        assertEquals(1, h.getTotalCount());
        assertEquals(2_500, h.getMaxValue(), 2);
        assertEquals(0, m.endToEndTotal().getTotalCount());
        assertEquals(1, m.counts().due());
    }

    @Test
    void everyEventCausedTriggerOnEveryChannelIsMeasuredFromItsCausesProduceTime() {
        ProduceTimes times = new ProduceTimes(100);
        times.remember("purchase-1", T0);
        times.remember("view-7", T0 + SECOND);
        LatencyMatcher m = new LatencyMatcher(times);

        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(crossSell("purchase-1", "WEB"), T0 + 12 * MS));
        Map<String, String> browse = Map.of("trigger", "BROWSE_INTENT", "channel", "APP", "causeEventId", "view-7",
                "createdAt", String.valueOf(T0 + SECOND), "sendAt", String.valueOf(T0 + SECOND));
        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(browse, T0 + SECOND + 30 * MS));

        Map<LatencyMatcher.Key, Histogram> totals = m.totals();
        assertEquals(2, totals.get(LatencyMatcher.Key.overall(LatencyMatcher.Basis.PRODUCED)).getTotalCount());
        assertEquals(12, totals.get(key(LatencyMatcher.Basis.PRODUCED, "trigger", "CROSS_SELL")).getMaxValue());
        assertEquals(30, totals.get(key(LatencyMatcher.Basis.PRODUCED, "trigger", "BROWSE_INTENT")).getMaxValue());
        assertEquals(12, totals.get(key(LatencyMatcher.Basis.PRODUCED, "channel", "WEB")).getMaxValue());
        assertEquals(30, totals.get(key(LatencyMatcher.Basis.PRODUCED, "channel", "APP")).getMaxValue());
        assertEquals(0, totals.get(LatencyMatcher.Key.overall(LatencyMatcher.Basis.DUE)).getTotalCount(),
                "both bases are always there, even empty");
    }

    @Test
    void timersSignalsAndHeldMessagesAreMeasuredFromWhenTheyWereDue() {
        ProduceTimes times = new ProduceTimes(10);
        times.remember("purchase-1", T0);
        LatencyMatcher m = new LatencyMatcher(times);
        Map<String, String> birthday = Map.of("trigger", "BIRTHDAY", "channel", "SMS", "causeEventId", "birthday@" + T0,
                "createdAt", String.valueOf(T0), "sendAt", String.valueOf(T0));
        assertEquals(LatencyMatcher.Outcome.DUE, m.accept(birthday, T0 + 40 * MS));
        Map<String, String> winBack = Map.of("trigger", "WIN_BACK", "channel", "CALL_CENTER",
                "causeEventId", "3f2a-signal", "createdAt", String.valueOf(T0), "sendAt", String.valueOf(T0));
        assertEquals(LatencyMatcher.Outcome.DUE, m.accept(winBack, T0 + 50 * MS));
        // A cross-sell held for quiet hours: from its release, not from the purchase hours before.
        Map<String, String> held = Map.of("trigger", "CROSS_SELL", "channel", "EMAIL", "causeEventId", "purchase-1",
                "createdAt", String.valueOf(T0), "sendAt", String.valueOf(T0 + 3_600_000L));
        assertEquals(LatencyMatcher.Outcome.DUE, m.accept(held, T0 + 3_600_000L + 60 * MS));

        Map<LatencyMatcher.Key, Histogram> totals = m.totals();
        assertEquals(3, totals.get(LatencyMatcher.Key.overall(LatencyMatcher.Basis.DUE)).getTotalCount());
        assertEquals(60, totals.get(key(LatencyMatcher.Basis.DUE, "trigger", "CROSS_SELL")).getMaxValue());
        assertEquals(50, totals.get(key(LatencyMatcher.Basis.DUE, "channel", "CALL_CENTER")).getMaxValue());
        assertEquals(0, m.endToEndTotal().getTotalCount());
    }

    @Test
    void messagesCausedOrDueInTheWarmUpAreCountedNotRecorded() {
        ProduceTimes times = new ProduceTimes(10);
        times.remember("early", T0 - SECOND);
        times.remember("later", T0 + SECOND);
        LatencyMatcher m = new LatencyMatcher(times, T0);
        assertEquals(LatencyMatcher.Outcome.WARM_UP, m.accept(crossSell("early"), T0 + 3 * SECOND));
        assertEquals(LatencyMatcher.Outcome.WARM_UP, m.accept(cartReminder(T0 - 1), T0 + SECOND));
        assertEquals(LatencyMatcher.Outcome.MATCHED, m.accept(crossSell("later"), T0 + SECOND + 20 * MS));
        assertEquals(2, m.counts().warmUp());
        assertEquals(1, m.endToEndTotal().getTotalCount());
        assertEquals(0, m.dueTotal().getTotalCount());
    }

    @Test
    void clockSkewIsCountedAndRecordedAsZero() {
        ProduceTimes times = new ProduceTimes(10);
        times.remember("e-1", T0 + SECOND);
        LatencyMatcher m = new LatencyMatcher(times);
        m.accept(crossSell("e-1"), T0);
        assertEquals(1, m.counts().negative());
        assertEquals(0, m.endToEndTotal().getMaxValue());
    }

    @Test
    void otherTriggersAndBrokenFieldsAreOther() {
        LatencyMatcher m = new LatencyMatcher(new ProduceTimes(10));
        assertEquals(LatencyMatcher.Outcome.OTHER, m.accept(Map.of("trigger", "WIN_BACK"), T0));
        assertEquals(LatencyMatcher.Outcome.OTHER, m.accept(Map.of("trigger", "SOMETHING_NEW", "createdAt", "1"), T0));
        assertEquals(LatencyMatcher.Outcome.OTHER,
                m.accept(Map.of("trigger", "CART_ABANDONMENT", "createdAt", "soon"), T0));
        assertEquals(3, m.counts().other());
    }

    @Test
    void intervalHistogramsAddUpToTheTotal() {
        ProduceTimes times = new ProduceTimes(10);
        times.remember("a", T0);
        times.remember("b", T0);
        LatencyMatcher m = new LatencyMatcher(times);
        m.accept(crossSell("a"), T0 + 10);
        assertEquals(1, m.endToEndInterval().getTotalCount());
        m.accept(crossSell("b"), T0 + 20);
        assertEquals(1, m.endToEndInterval().getTotalCount());
        assertEquals(0, m.endToEndInterval().getTotalCount());
        assertEquals(2, m.endToEndTotal().getTotalCount());
    }
}
