package io.kairos.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import io.kairos.events.Trigger;
import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class OfferFeedbackDeserializerTest {
    private final OfferFeedbackDeserializer deserializer = new OfferFeedbackDeserializer();

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("offer-feedback", 0, 7L, "offer-lens".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void readsWhatTheJobWrote() {
        OfferFeedback sent = OfferFeedback.newBuilder()
                .setFeedbackId("f-1").setOfferId("offer-lens").setSegment("MIDDLE")
                .setTrigger(Trigger.CROSS_SELL).setEventTime(1_000L).setType(FeedbackType.SENT).build();
        assertEquals(sent, deserializer.decode(record(AvroCodec.of(OfferFeedback.class).encode(sent))).orElseThrow());
    }

    @Test
    void aRecordThatDoesNotDecodeOrATombstoneIsSkippedNotFatal() {
        assertTrue(deserializer.decode(record("not avro".getBytes(StandardCharsets.UTF_8))).isEmpty());
        assertTrue(deserializer.decode(record(null)).isEmpty());
    }
}
