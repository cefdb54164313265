package io.kairos.ingest;

import io.kairos.events.DeadLetter;

/**
 * What the Kafka source emits for one input record: a usable {@link CustomerEvent}, or a {@link
 * DeadLetter} that keeps the raw bytes and the reason. Decoding never throws, because a
 * deserializer that throws makes the Kafka source fail the job on every poison record, forever.
 */
public class IngestRecord {
    public CustomerEvent event;
    public DeadLetter deadLetter;

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

    public boolean isEvent() {
        return event != null;
    }

    @Override
    public String toString() {
        return isEvent() ? event.toString() : "dead-letter{" + deadLetter.getReason() + "}";
    }
}
