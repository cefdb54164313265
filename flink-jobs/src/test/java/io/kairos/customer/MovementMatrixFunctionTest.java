package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.deliver.MovementCount;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class MovementMatrixFunctionTest {

    private static CustomerSignal move(String customer, String from, String to, long at) {
        return CustomerSignal.newBuilder()
                .setSignalId(UUID.randomUUID().toString())
                .setCustomerId(customer)
                .setEventTime(at)
                .setType(SignalType.SEGMENT_MOVEMENT)
                .setFrom(from)
                .setTo(to)
                .setChurnRisk(0)
                .setReasons(List.of())
                .setCause("test")
                .build();
    }

    @Test
    void countsMovesPerDayAsAbsoluteCountsAndForgetsTheDayAfterIt() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, CustomerSignal, RedisUpdate> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new MovementMatrixFunction(Duration.ofDays(90), Duration.ofDays(1)),
                        MovementMatrixFunction::dayOf,
                        Types.STRING)) {
            for (CustomerSignal s : List.of(
                    move("a", "LOW", "MIDDLE", T0),
                    move("b", "LOW", "MIDDLE", T0 + ONE_HOUR),
                    move("c", "TOP", "HIGH", T0 + 2 * ONE_HOUR),
                    move("a", "LOW", "MIDDLE", T0 + ONE_DAY))) {
                h.processElement(new StreamRecord<>(s, s.getEventTime()));
            }
            List<MovementCount> counts = h.extractOutputValues().stream().map(u -> u.movement).toList();
            assertEquals(4, counts.size());
            assertEquals("2026-11-02", counts.get(1).period);
            assertEquals("LOW>MIDDLE", counts.get(1).field());
            assertEquals(2, counts.get(1).count, "an upgrade, counted twice in a day");
            assertEquals("TOP>HIGH", counts.get(2).field());
            assertEquals(1, counts.get(2).count, "a downgrade");
            assertEquals("2026-11-03", counts.get(3).period);
            assertEquals(1, counts.get(3).count, "a new day starts from zero");
            long dayEnd = java.time.Instant.parse("2026-11-03T00:00:00Z").toEpochMilli();
            assertEquals(dayEnd + Duration.ofDays(90).toMillis(), counts.get(0).expiresAt);

            h.processWatermark(dayEnd + 2 * ONE_DAY);
            assertEquals(0, h.numKeyedStateEntries(), "past days live on in Redis only");
        }
    }
}
