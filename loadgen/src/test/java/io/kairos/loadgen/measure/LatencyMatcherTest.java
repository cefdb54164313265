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
        return Map.of("trigger", "CROSS_SELL", "causeEventId", causeEventId, "createdAt", String.valueOf(T0));
    }

    private static Map<String, String> cartReminder(long dueAt) {
        return Map.of("trigger", "CART_ABANDONMENT", "causeEventId", "cart@" + dueAt, "createdAt", String.valueOf(dueAt));
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
        assertEquals(2, m.matched());
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
        assertEquals(2, m.unmatched());
        assertEquals(1, times.forgotten());
        assertEquals(1, m.endToEndTotal().getTotalCount());
    }

    @Test
    void aCartReminderIsMeasuredFromItsDueTime() {
        LatencyMatcher m = new LatencyMatcher(new ProduceTimes(10));
        long due = T0 + 20 * SECOND;
        assertEquals(LatencyMatcher.Outcome.CART_REMINDER, m.accept(cartReminder(due), due + 2_500 * MS));
        Histogram h = m.cartLatenessTotal();
        assertEquals(1, h.getTotalCount());
        assertEquals(2_500, h.getMaxValue(), 2);
        assertEquals(0, m.endToEndTotal().getTotalCount());
    }

    @Test
    void clockSkewIsCountedAndRecordedAsZero() {
        ProduceTimes times = new ProduceTimes(10);
        times.remember("e-1", T0 + SECOND);
        LatencyMatcher m = new LatencyMatcher(times);
        m.accept(crossSell("e-1"), T0);
        assertEquals(1, m.negative());
        assertEquals(0, m.endToEndTotal().getMaxValue());
    }

    @Test
    void otherTriggersAndBrokenFieldsAreOther() {
        LatencyMatcher m = new LatencyMatcher(new ProduceTimes(10));
        assertEquals(LatencyMatcher.Outcome.OTHER, m.accept(Map.of("trigger", "WIN_BACK"), T0));
        assertEquals(LatencyMatcher.Outcome.OTHER,
                m.accept(Map.of("trigger", "CART_ABANDONMENT", "createdAt", "soon"), T0));
        assertEquals(2, m.other());
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
