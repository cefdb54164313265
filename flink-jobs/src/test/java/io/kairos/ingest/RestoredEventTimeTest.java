package io.kairos.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** {@link RestoredEventTime}: the watermark survives a restore and never goes back. */
class RestoredEventTimeTest {
    private static List<Long> watermarks(OneInputStreamOperatorTestHarness<String, String> h) {
        return h.getOutput().stream()
                .filter(o -> o instanceof Watermark)
                .map(o -> ((Watermark) o).getTimestamp())
                .collect(Collectors.toList());
    }

    @Test
    void aRestoredJobStartsFromTheEventTimeItHadAndNeverGoesBack() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new RestoredEventTime<>())) {
            h.open();
            h.processElement("a", 10);
            h.processWatermark(1_000);
            h.processWatermark(900); // never back
            assertEquals(List.of(1_000L), watermarks(h));
            snapshot = h.snapshot(1, 0);
        }
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new RestoredEventTime<>())) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(1); // the restored watermark goes out from the mailbox
            assertEquals(List.of(1_000L), watermarks(h), "no input needed");
            h.processWatermark(500); // the source re-reads from the checkpoint's offsets
            h.processWatermark(2_000);
            assertEquals(List.of(1_000L, 2_000L), watermarks(h));
        }
    }

    @Test
    void aFreshJobHasNoEventTimeUntilItsInputGivesSome() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new RestoredEventTime<>())) {
            h.open();
            h.setProcessingTime(1);
            assertEquals(List.of(), watermarks(h));
        }
    }

    @Test
    void aRescaledJobTakesTheLowestEventTimeOfAllSubtasks() throws Exception {
        OperatorSubtaskState[] states = new OperatorSubtaskState[2];
        long[] marks = {3_000, 2_000};
        for (int i = 0; i < 2; i++) {
            try (var h = new OneInputStreamOperatorTestHarness<String, String>(new RestoredEventTime<>(), 128, 2, i)) {
                h.open();
                h.processWatermark(marks[i]);
                states[i] = h.snapshot(1, 0);
            }
        }
        OperatorSubtaskState merged = OneInputStreamOperatorTestHarness.repackageState(states);
        var initial = OneInputStreamOperatorTestHarness.repartitionOperatorState(merged, 128, 2, 1, 0);
        try (var h = new OneInputStreamOperatorTestHarness<String, String>(new RestoredEventTime<>(), 128, 1, 0)) {
            h.initializeState(initial);
            h.open();
            h.setProcessingTime(1);
            assertEquals(List.of(2_000L), watermarks(h), "the job's event time was the lower one");
        }
    }
}
