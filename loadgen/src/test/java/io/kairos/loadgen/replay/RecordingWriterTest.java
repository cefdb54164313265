package io.kairos.loadgen.replay;

import static io.kairos.loadgen.replay.TestEvents.click;
import static io.kairos.loadgen.replay.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingWriterTest {
    private static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000;

    @TempDir Path dir;

    private static List<Long> times(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::getEventTime).map(t -> (t - T0) / SECOND).toList();
    }

    @Test
    void roundTripsEveryKindWithItsSourceInTheMetadata() throws Exception {
        Path file = dir.resolve("events.avro");
        try (RecordingWriter writer = RecordingWriter.create(file, "test: two events", Duration.ZERO)) {
            writer.append(click("c-1", T0));
            writer.append(purchase("c-2", T0 + SECOND, 12.5));
        }
        List<RecordedEvent> read = RecordingReader.readAll(file);
        assertEquals(2, read.size());
        assertEquals("c-2", read.get(1).getKey());
        assertEquals(12.5, assertInstanceOf(PurchaseEvent.class, read.get(1).getEvent()).getLines().get(0).getUnitPrice());
        assertNull(read.get(0).getSourceTopic());
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertEquals("test: two events", reader.metadata(RecordingWriter.META_SOURCE));
        }
    }

    @Test
    void putsEventsInOrderWithinTheReorderWindowAndKeepsTiesInArrivalOrder() throws Exception {
        Path file = dir.resolve("events.avro");
        RecordingWriter.Summary summary;
        try (RecordingWriter writer = RecordingWriter.create(file, "test", Duration.ofSeconds(10))) {
            writer.append(click("c-1", T0 + 5 * SECOND));
            writer.append(click("first-tie", T0 + 7 * SECOND));
            writer.append(click("c-2", T0));               // 5 s late: within the window
            writer.append(click("second-tie", T0 + 7 * SECOND));
            writer.append(click("c-3", T0 + 30 * SECOND)); // writes all up to 20 s
            writer.append(click("c-4", T0 + 19 * SECOND)); // 11 s late, after all written: in order
            writer.append(click("c-5", T0 + 3 * SECOND));  // earlier than written events: late
            summary = writer.summary();
        }
        List<RecordedEvent> read = RecordingReader.readAll(file);
        assertEquals(List.of(0L, 5L, 7L, 7L, 19L, 3L, 30L), times(read));
        assertEquals(List.of("c-2", "c-1", "first-tie", "second-tie", "c-4", "c-5", "c-3"),
                read.stream().map(RecordedEvent::getKey).toList());
        assertEquals(1, summary.late());
    }

    @Test
    void withoutAWindowEventsAreWrittenAsTheyCome() throws Exception {
        Path file = dir.resolve("events.avro");
        RecordingWriter.Summary summary;
        RecordingWriter writer = RecordingWriter.create(file, "test", Duration.ZERO);
        writer.append(click("c-1", T0));
        writer.append(click("c-1", T0 + SECOND));
        assertEquals(2, writer.written());
        writer.close();
        summary = writer.summary();
        assertEquals(T0, summary.firstEventTime());
        assertEquals(T0 + SECOND, summary.lastEventTime());
        assertEquals(List.of(0L, 1L), times(RecordingReader.readAll(file)));
    }
}
