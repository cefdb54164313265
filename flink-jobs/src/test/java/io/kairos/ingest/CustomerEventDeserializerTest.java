package io.kairos.ingest;

import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.addToCart;
import static io.kairos.testing.TestEvents.consent;
import static io.kairos.testing.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.SchemaHistory;
import io.kairos.schemas.Topics;
import io.kairos.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CustomerEventDeserializerTest {
    private static final String TOPIC = Topics.CUSTOMER_EVENTS;
    private static final long PRODUCED_AT = T0 + 1_234;
    private static final CustomerEventCodec CODEC = CustomerEventCodec.create();

    private final CustomerEventDeserializer deserializer = new CustomerEventDeserializer();

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 1, 42L, PRODUCED_AT, TimestampType.CREATE_TIME, 3, value == null ? 0 : value.length,
                "c-1".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(), Optional.empty());
    }

    private static byte[] envelope(SpecificRecord event) {
        return CODEC.encode(event);
    }

    @Test
    void decodesAnEnvelopeOfEachKindIntoItsEvent() {
        OfferResponse converted = TestEvents.response("c-1", "m-1", "offer-lens", Channel.EMAIL, OfferResponseType.CONVERTED, T0);
        List<SpecificRecord> events = List.of(
                addToCart("c-1", "p", 1.0, T0), purchase("c-1", T0, "p"), consent("c-1", Channel.EMAIL, T0), converted);
        List<String> kinds = new java.util.ArrayList<>();
        for (SpecificRecord event : events) {
            IngestRecord r = deserializer.toIngestRecord(record(TOPIC, envelope(event)));
            assertTrue(r.isEvent(), r::toString);
            assertEquals("c-1", r.event.customerId);
            assertEquals(T0, r.event.eventTime);
            assertEquals(PRODUCED_AT, r.event.producedAt, "the Kafka timestamp");
            kinds.add(r.event.kind());
        }
        assertEquals(List.of("click", "purchase", "customer-update", "offer-response"), kinds);
        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, envelope(converted)));
        assertEquals(converted, r.event.response);
        assertEquals(CustomerEvent.of(converted), r.event, "producedAt is transport, not part of the event");
    }

    @Test
    void anyListedTopicIsReadTheSameWay() {
        IngestRecord r = deserializer.toIngestRecord(record("legacy-clicks", envelope(addToCart("c-1", "p", 1.0, T0))));
        assertTrue(r.isEvent());
        assertEquals("click", r.event.kind());
    }

    @Test
    void withoutAKafkaTimestampProducedAtIsZero() {
        ConsumerRecord<byte[], byte[]> noTimestamp =
                new ConsumerRecord<>(TOPIC, 0, 1L, "c-1".getBytes(StandardCharsets.UTF_8), envelope(purchase("c-1", T0, "p")));
        assertEquals(ConsumerRecord.NO_TIMESTAMP, noTimestamp.timestamp());
        IngestRecord r = deserializer.toIngestRecord(noTimestamp);
        assertTrue(r.isEvent());
        assertEquals(0L, r.event.producedAt);
    }

    @Test
    void anEnvelopeOfAnOlderPayloadVersionIsRead() throws Exception {
        Schema clickV1 = SchemaHistory.oldSchemas().stream()
                .filter(s -> s.getName().equals("ClickEvent")).findFirst().orElseThrow();
        Schema oldEnvelope = SchemaHistory.envelope(List.of(
                clickV1, PurchaseEvent.getClassSchema(), CustomerUpdate.getClassSchema(), OfferResponse.getClassSchema()));
        GenericRecord click = new GenericData.Record(clickV1);
        click.put("eventId", "e-old");
        click.put("eventTime", T0);
        click.put("customerId", "c-1");
        click.put("type", new GenericData.EnumSymbol(clickV1.getField("type").schema(), "ADD_TO_CART"));
        click.put("productId", "p-old");
        GenericRecord envelope = new GenericData.Record(oldEnvelope);
        envelope.put("event", click);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), oldEnvelope).encode(envelope).array();

        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, bytes));
        assertTrue(r.isEvent(), r::toString);
        assertEquals("p-old", r.event.click.getProductId());
        assertNull(r.event.click.getDevice(), "a field the old writer did not have takes its default");
    }

    @Test
    void aBarePayloadIsReadByItsFingerprint() {
        // What the per-kind topics carried: an operator may list such a topic while it drains.
        IngestRecord r = deserializer.toIngestRecord(
                record("purchases", AvroCodec.of(PurchaseEvent.class).encode(purchase("c-1", T0, "p"))));
        assertTrue(r.isEvent(), r::toString);
        assertEquals("purchase", r.event.kind());
    }

    @Test
    void poisonRecordBecomesADeadLetterWithEverythingNeededToReplayIt() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, garbage));
        assertFalse(r.isEvent());
        assertEquals(TOPIC, r.deadLetter.getSourceTopic());
        assertEquals(1, r.deadLetter.getPartition());
        assertEquals(42L, r.deadLetter.getOffset());
        assertEquals(PRODUCED_AT, r.deadLetter.getRecordTimestamp());
        assertArrayEquals(garbage, r.deadLetter.getValue().array());
        assertArrayEquals("c-1".getBytes(StandardCharsets.UTF_8), r.deadLetter.getKey().array());
        assertTrue(r.deadLetter.getReason().contains("C3 01"), r.deadLetter.getReason());
        assertTrue(r.deadLetter.getReason().contains("expected a CustomerEventEnvelope"), r.deadLetter.getReason());
    }

    @Test
    void aCutShortEnvelopeIsADeadLetter() {
        byte[] full = envelope(purchase("c-1", T0, "p"));
        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, java.util.Arrays.copyOf(full, full.length - 4)));
        assertTrue(r.isDeadLetter());
        assertTrue(r.deadLetter.getReason().contains("CustomerEventEnvelope"), r.deadLetter.getReason());
    }

    @Test
    void aRecordOfAnotherTypeIsADeadLetterThatSaysWhatIsExpected() {
        byte[] offer = AvroCodec.of(OfferCatalogEntry.class).encode(
                TestEvents.accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, offer));
        assertTrue(r.isDeadLetter());
        assertTrue(r.deadLetter.getReason().startsWith("wrong type: OfferCatalogEntry is not a customer event"),
                r.deadLetter.getReason());
        assertTrue(r.deadLetter.getReason().contains("expected a CustomerEventEnvelope"), r.deadLetter.getReason());
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
                        reason(envelope(noProduct)),
                        reason(envelope(consentWithoutChannel)),
                        reason(envelope(badZone)),
                        reason(envelope(noLines)),
                        reason(envelope(negative)),
                        reason(envelope(noTime)));
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

    private String reason(byte[] value) {
        IngestRecord r = deserializer.toIngestRecord(record(TOPIC, value));
        assertFalse(r.isEvent(), "expected a dead letter");
        return r.deadLetter.getReason();
    }

    @Test
    void nullAndEmptyValuesAreDeadLetters() {
        IngestRecord tombstone = deserializer.toIngestRecord(record(TOPIC, null));
        assertTrue(tombstone.isDeadLetter());
        assertTrue(tombstone.deadLetter.getReason().contains("no value"), tombstone.deadLetter.getReason());
        assertTrue(deserializer.toIngestRecord(record(TOPIC, new byte[0])).isDeadLetter());
    }

    private static ConsumerRecord<byte[], byte[]> withClockHeader(String topic, byte[] key, byte[] value, byte[] header) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(topic, 0, 7L, key, value);
        r.headers().add(ClockTick.HEADER, header);
        return r;
    }

    @Test
    void aRecordWithTheClockHeaderIsATickWhateverItsKeyAndValue() {
        long at = T0 + 30 * TestEvents.ONE_DAY;
        IngestRecord empty = deserializer.toIngestRecord(withClockHeader(TOPIC, null, null, ClockTick.encode(at)));
        assertTrue(empty.isClockTick());
        assertFalse(empty.isEvent());
        assertFalse(empty.isDeadLetter());
        assertEquals(at, empty.clockTick);

        // The header wins even over a value that would decode: it is looked at first.
        byte[] click = envelope(addToCart("c-1", "p", 1.0, T0));
        IngestRecord withValue =
                deserializer.toIngestRecord(withClockHeader(TOPIC, "c-1".getBytes(StandardCharsets.UTF_8), click,
                        ClockTick.encode(at)));
        assertTrue(withValue.isClockTick());
        assertEquals(at, withValue.clockTick);
    }

    @Test
    void aMalformedTickIsADeadLetterThatSaysSo() {
        IngestRecord r = deserializer.toIngestRecord(
                withClockHeader(TOPIC, null, null, "next tuesday".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.isDeadLetter());
        assertFalse(r.isClockTick());
        assertEquals(TOPIC, r.deadLetter.getSourceTopic());
        assertEquals(7L, r.deadLetter.getOffset());
        assertTrue(r.deadLetter.getReason().startsWith("malformed clock tick: kairos-clock header value 'next tuesday'"),
                r.deadLetter.getReason());

        IngestRecord noValue = deserializer.toIngestRecord(withClockHeader(TOPIC, null, null, null));
        assertTrue(noValue.isDeadLetter());
        assertTrue(noValue.deadLetter.getReason().contains("without a value"), noValue.deadLetter.getReason());
    }

    @Test
    void ordinaryRecordsAreNotTicks() {
        IngestRecord click = deserializer.toIngestRecord(record(TOPIC, envelope(addToCart("c-1", "p", 1.0, T0))));
        assertFalse(click.isClockTick());
        assertEquals(IngestRecord.NOT_A_TICK, click.clockTick);
    }
}
