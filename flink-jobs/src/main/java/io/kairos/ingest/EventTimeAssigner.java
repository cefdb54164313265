package io.kairos.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event time for the customer event stream. */
public final class EventTimeAssigner {
    private EventTimeAssigner() {}

    /**
     * Bounded out-of-orderness per Kafka partition (the Kafka source tracks watermarks per split),
     * moved further by clock ticks ({@link ClockTickWatermarks}), and idleness so that a quiet
     * partition or topic does not hold event time back. A tick's timestamp is its instant. Dead
     * letters get no timestamp ({@code Long.MIN_VALUE}): a garbage record must not move event time.
     */
    public static WatermarkStrategy<IngestRecord> strategy(
            Duration maxOutOfOrderness, Duration idleness) {
        SerializableTimestampAssigner<IngestRecord> assigner =
                (record, kafkaTimestamp) ->
                        record.isEvent()
                                ? record.event.eventTime
                                : record.isClockTick() ? record.clockTick : Long.MIN_VALUE;
        return WatermarkStrategy.<IngestRecord>forGenerator(
                        context -> new ClockTickWatermarks(maxOutOfOrderness))
                .withTimestampAssigner(assigner)
                .withIdleness(idleness);
    }
}
