package io.kairos.ingest;

import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.addToCart;
import static io.kairos.testing.TestEvents.consent;
import static io.kairos.testing.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.ClockTick;
import io.kairos.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CustomerEventDeserializerTest {
    private final CustomerEventDeserializer deserializer =
            new CustomerEventDeserializer(
                    Map.of(
                            "clicks", CustomerEventDeserializer.Kind.CLICK,
                            "purchases", CustomerEventDeserializer.Kind.PURCHASE,
                            "customer-updates", CustomerEventDeserializer.Kind.CUSTOMER_UPDATE));

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 1, 42L, "c-1".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void decodesEachTopicIntoItsEventType() {
        IngestRecord click =
                deserializer.toIngestRecord(
                        record("clicks", AvroCodec.of(ClickEvent.class).encode(addToCart("c-1", "p", 1.0, T0))));
        assertTrue(click.isEvent());
        assertEquals("c-1", click.event.customerId);
        assertEquals(T0, click.event.eventTime);

        IngestRecord purchase =
                deserializer.toIngestRecord(
                        record("purchases", AvroCodec.of(PurchaseEvent.class).encode(purchase("c-1", T0, "p"))));
        assertTrue(purchase.isEvent());
        assertEquals("purchase", purchase.event.kind());
    }

    @Test
    void poisonRecordBecomesADeadLetterWithEverythingNeededToReplayIt() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        IngestRecord r = deserializer.toIngestRecord(record("clicks", garbage));
        assertFalse(r.isEvent());
        assertEquals("clicks", r.deadLetter.getSourceTopic());
        assertEquals(1, r.deadLetter.getPartition());
        assertEquals(42L, r.deadLetter.getOffset());
        assertArrayEquals(garbage, r.deadLetter.getValue().array());
        assertArrayEquals("c-1".getBytes(StandardCharsets.UTF_8), r.deadLetter.getKey().array());
        assertTrue(r.deadLetter.getReason().contains("C3 01"), r.deadLetter.getReason());
    }

    @Test
    void wrongTypeOnATopicIsADeadLetter() {
        byte[] purchaseBytes = AvroCodec.of(PurchaseEvent.class).encode(purchase("c-1", T0, "p"));
        IngestRecord r = deserializer.toIngestRecord(record("clicks", purchaseBytes));
        assertFalse(r.isEvent());
        assertTrue(r.deadLetter.getReason().contains("unknown writer schema"), r.deadLetter.getReason());
    }

    @Test
    void decodableButUnusableEventsAreDeadLettersWithTheReason() {
        ClickEvent noProduct = addToCart("c-1", "p", 1.0, T0);
        noProduct.setProductId(null);
        CustomerUpdate consentWithoutChannel = consent("c-1", Channel.EMAIL, T0);
        consentWithoutChannel.setChannel(null);
        CustomerUpdate badZone = consent("c-1", Channel.EMAIL, T0);
        badZone.setType(CustomerUpdateType.TIME_ZONE);
        badZone.setTimeZone("Mars/Olympus");
        PurchaseEvent noLines = purchase("c-1", T0);
        PurchaseEvent negative = purchase("c-1", T0, "p");
        negative.getLines().get(0).setQuantity(-1);
        ClickEvent noTime = addToCart("c-1", "p", 1.0, 0);

        List<String> reasons =
                List.of(
                        reason("clicks", AvroCodec.of(ClickEvent.class).encode(noProduct)),
                        reason("customer-updates", AvroCodec.of(CustomerUpdate.class).encode(consentWithoutChannel)),
                        reason("customer-updates", AvroCodec.of(CustomerUpdate.class).encode(badZone)),
                        reason("purchases", AvroCodec.of(PurchaseEvent.class).encode(noLines)),
                        reason("purchases", AvroCodec.of(PurchaseEvent.class).encode(negative)),
                        reason("clicks", AvroCodec.of(ClickEvent.class).encode(noTime)));
        assertEquals(
                List.of(
                        "ADD_TO_CART click without productId",
                        "CONSENT_GRANTED without channel",
                        "TIME_ZONE update with unknown zone 'Mars/Olympus'",
                        "has no order lines",
                        "has quantity -1 (must be > 0)",
                        "eventTime must be epoch milliseconds > 0, was 0"),
                reasons.stream().map(r -> matching(r)).collect(java.util.stream.Collectors.toList()));
    }

    private static String matching(String reason) {
        for (String expected :
                List.of(
                        "ADD_TO_CART click without productId",
                        "CONSENT_GRANTED without channel",
                        "TIME_ZONE update with unknown zone 'Mars/Olympus'",
                        "has no order lines",
                        "has quantity -1 (must be > 0)",
                        "eventTime must be epoch milliseconds > 0, was 0")) {
            if (reason.contains(expected)) {
                return expected;
            }
        }
        return reason;
    }

    private String reason(String topic, byte[] value) {
        IngestRecord r = deserializer.toIngestRecord(record(topic, value));
        assertFalse(r.isEvent(), () -> "expected a dead letter on " + topic);
        return r.deadLetter.getReason();
    }

    @Test
    void nullValueAndUnknownTopicAreDeadLetters() {
        assertFalse(deserializer.toIngestRecord(record("clicks", null)).isEvent());
        IngestRecord unknown = deserializer.toIngestRecord(record("elsewhere", new byte[] {1}));
        assertTrue(unknown.deadLetter.getReason().contains("not an input topic"));
    }

    private static ConsumerRecord<byte[], byte[]> withClockHeader(String topic, byte[] key, byte[] value, byte[] header) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(topic, 0, 7L, key, value);
        r.headers().add(ClockTick.HEADER, header);
        return r;
    }

    @Test
    void aRecordWithTheClockHeaderIsATickWhateverItsKeyAndValue() {
        long at = T0 + 30 * TestEvents.ONE_DAY;
        IngestRecord empty = deserializer.toIngestRecord(withClockHeader("clicks", null, null, ClockTick.encode(at)));
        assertTrue(empty.isClockTick());
        assertFalse(empty.isEvent());
        assertFalse(empty.isDeadLetter());
        assertEquals(at, empty.clockTick);

        // The header wins even over a value that would decode: it is looked at first.
        byte[] click = AvroCodec.of(ClickEvent.class).encode(addToCart("c-1", "p", 1.0, T0));
        IngestRecord withValue =
                deserializer.toIngestRecord(withClockHeader("clicks", "c-1".getBytes(StandardCharsets.UTF_8), click,
                        ClockTick.encode(at)));
        assertTrue(withValue.isClockTick());
        assertEquals(at, withValue.clockTick);
    }

    @Test
    void aMalformedTickIsADeadLetterThatSaysSo() {
        IngestRecord r = deserializer.toIngestRecord(
                withClockHeader("purchases", null, null, "next tuesday".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.isDeadLetter());
        assertFalse(r.isClockTick());
        assertEquals("purchases", r.deadLetter.getSourceTopic());
        assertEquals(7L, r.deadLetter.getOffset());
        assertTrue(r.deadLetter.getReason().startsWith("malformed clock tick: kairos-clock header value 'next tuesday'"),
                r.deadLetter.getReason());

        IngestRecord noValue = deserializer.toIngestRecord(withClockHeader("clicks", null, null, null));
        assertTrue(noValue.isDeadLetter());
        assertTrue(noValue.deadLetter.getReason().contains("without a value"), noValue.deadLetter.getReason());
    }

    @Test
    void ordinaryRecordsAreNotTicks() {
        IngestRecord click = deserializer.toIngestRecord(
                record("clicks", AvroCodec.of(ClickEvent.class).encode(addToCart("c-1", "p", 1.0, T0))));
        assertFalse(click.isClockTick());
        assertEquals(IngestRecord.NOT_A_TICK, click.clockTick);
    }
}
