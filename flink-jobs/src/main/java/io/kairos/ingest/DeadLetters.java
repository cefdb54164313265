package io.kairos.ingest;

import io.kairos.events.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the dead letter for a rejected input record: the record whole, and why. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, String reason) {
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setRecordTimestamp(record.timestamp())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setReason(reason)
                .setDetectedAt(System.currentTimeMillis())
                .build();
    }
}
