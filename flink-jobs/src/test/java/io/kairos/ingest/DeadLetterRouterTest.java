package io.kairos.ingest;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.events.ClickType;
import io.kairos.events.DeadLetter;
import io.kairos.testing.TestEvents;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The router with the operator around it. The {@code clockTicks} counter itself is asserted in
 * {@code ClockTickITCase} (through a metric reporter): the harness's metric groups keep nothing.
 */
class DeadLetterRouterTest {

    @Test
    void ticksAreDroppedButTheWatermarkTheyMovedGoesOn() throws Exception {
        try (OneInputStreamOperatorTestHarness<IngestRecord, CustomerEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DeadLetterRouter())) {
            CustomerEvent click = CustomerEvent.of(TestEvents.click("c-1", ClickType.PAGE_VIEW, T0));
            DeadLetter poison = DeadLetter.newBuilder()
                    .setSourceTopic("customer-events").setPartition(0).setOffset(1).setRecordTimestamp(T0)
                    .setReason("bad").setDetectedAt(T0).build();

            harness.processElement(IngestRecord.event(click), T0);
            harness.processElement(IngestRecord.clockTick(T0 + 1_000), T0 + 1_000);
            harness.processElement(IngestRecord.deadLetter(poison), Long.MIN_VALUE);
            harness.processWatermark(new Watermark(T0 + 1_000));

            assertEquals(List.of(click), harness.extractOutputValues(), "only the event goes downstream");
            assertEquals(List.of(poison), harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).collect(java.util.stream.Collectors.toList()),
                    "only the dead letter goes to the side output");
            Object last = harness.getOutput().toArray()[harness.getOutput().size() - 1];
            assertEquals(new Watermark(T0 + 1_000), last, "the watermark is forwarded");
        }
    }

    @Test
    void aTickIsNeitherAnEventNorADeadLetter() {
        IngestRecord tick = IngestRecord.clockTick(T0);
        assertNull(tick.event);
        assertNull(tick.deadLetter);
        assertEquals("clock-tick{" + T0 + "}", tick.toString());
    }
}
