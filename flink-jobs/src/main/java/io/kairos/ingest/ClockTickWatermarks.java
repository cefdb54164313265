package io.kairos.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness over events, plus clock ticks: the watermark is the larger of "the
 * latest event time seen minus the allowed lateness" and "the latest tick". Watermarks otherwise
 * only move with events, so without ticks an event-time timer ("customer overdue at T") would
 * never fire once the input stops, e.g. at the end of a replay of history or when customers go
 * quiet; a tick says no event before its instant will come on this partition, so event time may
 * go straight there. The Kafka source runs one generator per partition and takes the minimum, so
 * a tick must be sent to every partition (which the load generator's {@code advance-time} does).
 *
 * <p>The tick's instant is itself the watermark (not instant - 1): {@code advance-time --to T}
 * fires every timer due at or before T, which is what an operator asking for T expects. An event
 * stamped exactly T that arrives after the tick is late.
 *
 * <p>Dead letters come with timestamp {@code Long.MIN_VALUE} and so never move anything.
 */
public final class ClockTickWatermarks implements WatermarkGenerator<IngestRecord> {
    private final long outOfOrdernessMillis;
    /** The highest event time seen; starts so that the first watermark is Long.MIN_VALUE. */
    private long maxEventTime;
    private long latestTick = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    public ClockTickWatermarks(Duration maxOutOfOrderness) {
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative");
        }
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        this.maxEventTime = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(IngestRecord record, long timestamp, WatermarkOutput output) {
        if (record.isClockTick()) {
            latestTick = Math.max(latestTick, record.clockTick);
            // At once rather than at the next periodic emit: the tick is often the last record
            // for a long while, and the partition may be declared idle before that emit comes.
            emitIfHigher(output);
        } else {
            maxEventTime = Math.max(maxEventTime, timestamp);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        emitIfHigher(output);
    }

    /** The watermark now. */
    long currentWatermark() {
        return Math.max(maxEventTime - outOfOrdernessMillis - 1, latestTick);
    }

    private void emitIfHigher(WatermarkOutput output) {
        long watermark = currentWatermark();
        // Like Flink's own generators, emit on every periodic call (downstream ignores repeats),
        // but never a lower value: a tick may be ahead of what the events alone would give.
        if (watermark >= lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
