package io.kairos.ingest;

import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.testing.TestEvents;
import io.kairos.events.ClickType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ClockTickWatermarksTest {
    private static final Duration OOO = Duration.ofSeconds(5);

    /** Records what the generator emits. */
    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }

    private static IngestRecord event(long at) {
        return IngestRecord.event(CustomerEvent.of(TestEvents.click("c-1", ClickType.PAGE_VIEW, at)));
    }

    private static void feed(ClockTickWatermarks generator, IngestRecord record, Output out) {
        long timestamp = record.isEvent() ? record.event.eventTime : record.isClockTick() ? record.clockTick : Long.MIN_VALUE;
        generator.onEvent(record, timestamp, out);
    }

    @Test
    void withoutTicksItIsBoundedOutOfOrderness() {
        ClockTickWatermarks generator = new ClockTickWatermarks(OOO);
        Output out = new Output();
        generator.onPeriodicEmit(out);
        assertEquals(Long.MIN_VALUE, out.last(), "nothing seen yet");
        feed(generator, event(T0), out);
        feed(generator, event(T0 - 60_000), out); // late: does not move it back
        generator.onPeriodicEmit(out);
        assertEquals(T0 - 5_000 - 1, out.last());
    }

    @Test
    void aTickMovesTheWatermarkToItsInstantAtOnce() {
        ClockTickWatermarks generator = new ClockTickWatermarks(OOO);
        Output out = new Output();
        feed(generator, event(T0), out);
        assertTrue(out.watermarks.isEmpty(), "events wait for the periodic emit");
        feed(generator, IngestRecord.clockTick(T0 + 30 * ONE_DAY), out);
        assertEquals(List.of(T0 + 30 * ONE_DAY), out.watermarks, "a tick is emitted at once");
        generator.onPeriodicEmit(out);
        assertEquals(T0 + 30 * ONE_DAY, out.last(), "and stays");
    }

    @Test
    void theWatermarkIsTheLargerOfEventsAndTicksAndNeverGoesBack() {
        ClockTickWatermarks generator = new ClockTickWatermarks(OOO);
        Output out = new Output();
        feed(generator, IngestRecord.clockTick(T0), out);
        feed(generator, event(T0 + ONE_DAY), out);
        generator.onPeriodicEmit(out);
        assertEquals(T0 + ONE_DAY - 5_000 - 1, out.last(), "events beyond the tick lead");

        feed(generator, IngestRecord.clockTick(T0 + 2 * ONE_DAY), out);
        feed(generator, IngestRecord.clockTick(T0 + ONE_DAY), out); // an older tick changes nothing
        feed(generator, event(T0 + ONE_DAY + 1), out); // nor does an event behind the tick
        generator.onPeriodicEmit(out);
        assertEquals(T0 + 2 * ONE_DAY, out.last());

        for (int i = 1; i < out.watermarks.size(); i++) {
            assertTrue(out.watermarks.get(i) >= out.watermarks.get(i - 1), "monotonic: " + out.watermarks);
        }
    }

    @Test
    void deadLettersMoveNothing() {
        ClockTickWatermarks generator = new ClockTickWatermarks(OOO);
        Output out = new Output();
        feed(generator, event(T0), out);
        generator.onEvent(IngestRecord.deadLetter(null), Long.MIN_VALUE, out);
        generator.onPeriodicEmit(out);
        assertEquals(T0 - 5_000 - 1, out.last());
    }
}
