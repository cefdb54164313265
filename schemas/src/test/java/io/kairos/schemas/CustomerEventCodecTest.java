package io.kairos.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerEventEnvelope;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class CustomerEventCodecTest {
    private static final long T0 = 1_700_000_000_000L;
    private final CustomerEventCodec codec = CustomerEventCodec.create();

    static ClickEvent click() {
        return ClickEvent.newBuilder().setEventId("e-1").setEventTime(T0).setCustomerId("c-1")
                .setType(ClickType.ADD_TO_CART).setProductId("p-1").setDevice("ios").build();
    }

    static PurchaseEvent purchase() {
        return PurchaseEvent.newBuilder().setEventId("e-2").setEventTime(T0).setCustomerId("c-1").setOrderId("o-1")
                .setLines(List.of(new OrderLine("p-1", "cat", 1, 10.0))).build();
    }

    static CustomerUpdate consent() {
        return CustomerUpdate.newBuilder().setEventId("e-3").setEventTime(T0).setCustomerId("c-1")
                .setType(CustomerUpdateType.CONSENT_GRANTED).setChannel(Channel.EMAIL).build();
    }

    static OfferResponse response() {
        return OfferResponse.newBuilder().setEventId("e-4").setEventTime(T0).setCustomerId("c-1").setMessageId("m-1")
                .setOfferId("o-1").setChannel(Channel.PUSH).setType(OfferResponseType.CONVERTED).build();
    }

    private static long fingerprintOf(byte[] singleObject) {
        return ByteBuffer.wrap(singleObject, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void everyKindRoundTripsInTheEnvelope() {
        long envelope = SchemaNormalization.parsingFingerprint64(CustomerEventEnvelope.getClassSchema());
        for (SpecificRecord event : List.of(click(), purchase(), consent(), response())) {
            byte[] bytes = codec.encode(event);
            assertEquals((byte) 0xC3, bytes[0]);
            assertEquals((byte) 0x01, bytes[1]);
            assertEquals(envelope, fingerprintOf(bytes), "written as the envelope, not the bare " + event.getSchema().getName());
            DecodeResult<SpecificRecord> decoded = codec.decode(bytes);
            assertTrue(decoded.isOk(), decoded::toString);
            assertEquals(event, decoded.value());
        }
        assertEquals(CustomerEventCodec.Kind.OFFER_RESPONSE, CustomerEventCodec.Kind.of(response()));
    }

    @Test
    void theEnvelopeIsWhatTheGenericCodecReadsToo() {
        byte[] bytes = codec.encode(purchase());
        DecodeResult<CustomerEventEnvelope> decoded = AvroCodec.of(CustomerEventEnvelope.class).decode(bytes);
        assertTrue(decoded.isOk(), decoded::toString);
        assertEquals(purchase(), decoded.value().getEvent());
    }

    @Test
    void onlyCustomerEventsAreEncoded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(OfferCatalogEntry.newBuilder().setOfferId("o").setTitle("t").setChannels(List.of(Channel.EMAIL)).build()));
        assertTrue(e.getMessage().contains("not a customer event"), e.getMessage());
    }

    @Test
    void olderEnvelopesAreEveryCombinationOfPayloadVersionsButTheCurrent() {
        List<Schema> envelopes = SchemaHistory.envelopeSchemas();
        // ClickEvent: current + v1; CustomerUpdate: current + v1 + v2; the others: current only.
        assertEquals(2 * 3 - 1, envelopes.size());
        Set<Long> fingerprints = new HashSet<>();
        long current = SchemaNormalization.parsingFingerprint64(CustomerEventEnvelope.getClassSchema());
        for (Schema s : envelopes) {
            assertEquals(CustomerEventEnvelope.getClassSchema().getFullName(), s.getFullName());
            assertTrue(fingerprints.add(SchemaNormalization.parsingFingerprint64(s)), "distinct");
            assertNotEquals(current, SchemaNormalization.parsingFingerprint64(s));
            assertNotNull(SchemaHistory.store().findByFingerprint(SchemaNormalization.parsingFingerprint64(s)),
                    "the store knows it");
        }
        // The builder makes the generated class's schema from the current payloads.
        Schema rebuilt = SchemaHistory.envelope(List.of(ClickEvent.getClassSchema(), PurchaseEvent.getClassSchema(),
                CustomerUpdate.getClassSchema(), OfferResponse.getClassSchema()));
        assertEquals(current, SchemaNormalization.parsingFingerprint64(rebuilt));
    }

    /** An older payload version, from the history, by name and the symbol its type enum lacks. */
    private static Schema old(String name, String lackingTypeSymbol) {
        for (Schema s : SchemaHistory.oldSchemas()) {
            if (s.getName().equals(name) && (lackingTypeSymbol == null
                    || !s.getField("type").schema().getEnumSymbols().contains(lackingTypeSymbol))) {
                return s;
            }
        }
        throw new AssertionError("no old " + name);
    }

    /** An envelope as a producer on older payload versions wrote it: the old schema, generic records. */
    private static byte[] oldEnvelope(Schema clickVersion, Schema updateVersion, GenericRecord event)
            throws java.io.IOException {
        Schema envelope = SchemaHistory.envelope(List.of(clickVersion, PurchaseEvent.getClassSchema(), updateVersion,
                OfferResponse.getClassSchema()));
        GenericRecord record = new GenericData.Record(envelope);
        record.put("event", event);
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), envelope).encode(record).array();
    }

    @Test
    void anEnvelopeOfAnOlderClickVersionStillDecodes() throws Exception {
        Schema v1 = old("ClickEvent", null);
        assertNull(v1.getField("device"));
        GenericRecord click = new GenericData.Record(v1);
        click.put("eventId", "e-old");
        click.put("eventTime", T0);
        click.put("customerId", "c-old");
        click.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "PRODUCT_VIEW"));
        click.put("productId", "p-9");
        byte[] bytes = oldEnvelope(v1, CustomerUpdate.getClassSchema(), click);

        DecodeResult<SpecificRecord> decoded = codec.decode(bytes);
        assertTrue(decoded.isOk(), decoded::toString);
        ClickEvent read = assertInstanceOf(ClickEvent.class, decoded.value());
        assertEquals("c-old", read.getCustomerId());
        assertEquals(ClickType.PRODUCT_VIEW, read.getType());
        assertNull(read.getDevice(), "the new field takes its default");
    }

    @Test
    void envelopesOfOlderCustomerUpdateVersionsStillDecode() throws Exception {
        for (String lacking : List.of("COMPLAINT", "RESET")) {
            Schema version = old("CustomerUpdate", lacking);
            GenericRecord update = new GenericData.Record(version);
            update.put("eventId", "u-" + lacking);
            update.put("eventTime", T0);
            update.put("customerId", "c-old");
            update.put("type", new GenericData.EnumSymbol(version.getField("type").schema(), "BIRTHDAY"));
            update.put("birthday", "--04-01");
            // The old update with the old click version too: any mix a producer may have had.
            for (Schema clickVersion : List.of(ClickEvent.getClassSchema(), old("ClickEvent", null))) {
                DecodeResult<SpecificRecord> decoded = codec.decode(oldEnvelope(clickVersion, version, update));
                assertTrue(decoded.isOk(), decoded::toString);
                CustomerUpdate read = assertInstanceOf(CustomerUpdate.class, decoded.value());
                assertEquals(CustomerUpdateType.BIRTHDAY, read.getType());
                assertEquals("--04-01", read.getBirthday());
            }
        }
    }

    @Test
    void aBarePayloadIsReadByItsFingerprint() throws Exception {
        for (SpecificRecord event : List.of(click(), purchase(), consent(), response())) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            byte[] bare = AvroCodec.of((Class) event.getClass()).encode(event);
            DecodeResult<SpecificRecord> decoded = codec.decode(bare);
            assertTrue(decoded.isOk(), decoded::toString);
            assertEquals(event, decoded.value());
        }
        Schema v1 = old("ClickEvent", null);
        GenericRecord click = new GenericData.Record(v1);
        click.put("eventId", "e-old");
        click.put("eventTime", T0);
        click.put("customerId", "c-old");
        click.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "SEARCH"));
        byte[] bareV1 = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(click).array();
        DecodeResult<SpecificRecord> decoded = codec.decode(bareV1);
        assertTrue(decoded.isOk(), decoded::toString);
        assertEquals(ClickType.SEARCH, ((ClickEvent) decoded.value()).getType());
    }

    @Test
    void garbageIsAnErrorThatSaysWhatIsExpected() {
        byte[] good = codec.encode(click());
        List<byte[]> bad = new ArrayList<>(List.of(
                new byte[0],
                "{\"json\":true}".getBytes(),
                new byte[] {(byte) 0xC3, 0x01, 1, 2, 3},
                Arrays.copyOf(good, 12),
                Arrays.copyOf(good, good.length - 3)));
        byte[] badUnionIndex = good.clone();
        badUnionIndex[10] = 0x7f; // the union branch: far beyond the four
        bad.add(badUnionIndex);
        for (byte[] bytes : bad) {
            DecodeResult<SpecificRecord> result = codec.decode(bytes);
            assertFalse(result.isOk(), () -> "should fail: " + Arrays.toString(bytes));
            assertTrue(result.error().contains("CustomerEventEnvelope"), result.error());
        }
        assertFalse(codec.decode(null).isOk());
        assertTrue(codec.decode("hello, world".getBytes()).error().contains("C3 01"));
    }

    @Test
    void anotherKairosRecordIsNamedAsTheWrongType() {
        byte[] offer = AvroCodec.of(OfferCatalogEntry.class).encode(OfferCatalogEntry.newBuilder()
                .setOfferId("o").setTitle("t").setChannels(List.of(Channel.EMAIL)).build());
        String error = codec.decode(offer).error();
        assertTrue(error.startsWith("wrong type: OfferCatalogEntry is not a customer event"), error);
        assertTrue(error.contains("expected a CustomerEventEnvelope"), error);
    }

    @Test
    void anUnknownSchemaIsNamedAsSuch() throws Exception {
        Schema foreign = SchemaBuilder.record("Foreign").namespace("com.example").fields()
                .requiredString("customerId").endRecord();
        GenericRecord r = new GenericData.Record(foreign);
        r.put("customerId", "c-1");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), foreign).encode(r).array();
        String error = assertThrowsNothing(bytes);
        assertTrue(error.contains("unknown writer schema"), error);
        assertTrue(error.contains("CustomerEventEnvelope"), error);
    }

    private String assertThrowsNothing(byte[] bytes) {
        DecodeResult<SpecificRecord> result = codec.decode(bytes);
        assertFalse(result.isOk());
        return result.error();
    }
}
