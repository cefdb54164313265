package io.kairos.ingest;

import io.kairos.events.DeadLetter;

/**
 * What the Kafka source emits for one input record: a usable {@link CustomerEvent}, a {@link
 * DeadLetter} that keeps the raw bytes and the reason, or a clock tick (see {@link
 * io.kairos.schemas.ClockTick}), which only moves event time. Decoding never throws, because a
 * deserializer that throws makes the Kafka source fail the job on every poison record, forever.
 */
public class IngestRecord {
    /** {@link #clockTick}'s value when the record is not a tick. */
    public static final long NOT_A_TICK = Long.MIN_VALUE;

    public CustomerEvent event;
    public DeadLetter deadLetter;
    /**
     * The instant (epoch ms) a clock tick advances event time to, or {@link #NOT_A_TICK}. A
     * primitive with a sentinel rather than a Long, so the Flink POJO stays cheap to serialize.
     */
    public long clockTick = NOT_A_TICK;

    public IngestRecord() {}

    public static IngestRecord event(CustomerEvent event) {
        IngestRecord r = new IngestRecord();
        r.event = event;
        return r;
    }

    public static IngestRecord deadLetter(DeadLetter deadLetter) {
        IngestRecord r = new IngestRecord();
        r.deadLetter = deadLetter;
        return r;
    }

    public static IngestRecord clockTick(long epochMillis) {
        if (epochMillis == NOT_A_TICK) {
            throw new IllegalArgumentException("not a tick instant: " + epochMillis);
        }
        IngestRecord r = new IngestRecord();
        r.clockTick = epochMillis;
        return r;
    }

    public boolean isEvent() {
        return event != null;
    }

    public boolean isClockTick() {
        return clockTick != NOT_A_TICK;
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    @Override
    public String toString() {
        if (isEvent()) {
            return event.toString();
        }
        return isClockTick() ? "clock-tick{" + clockTick + "}" : "dead-letter{" + deadLetter.getReason() + "}";
    }
}
