package io.kairos.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.PurchaseEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class AvroCodecTest {
    private final AvroCodec<ClickEvent> clicks = AvroCodec.of(ClickEvent.class);

    private static ClickEvent click() {
        return ClickEvent.newBuilder()
                .setEventId("e-1")
                .setEventTime(1_700_000_000_000L)
                .setCustomerId("c-1")
                .setType(ClickType.ADD_TO_CART)
                .setProductId("p-1")
                .setDevice("ios")
                .build();
    }

    @Test
    void roundTripsWithTheSingleObjectHeader() {
        byte[] bytes = clicks.encode(click());
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(click(), clicks.decode(bytes).value());
    }

    @Test
    void readsRecordsWrittenWithTheOldSchemaVersion() throws IOException {
        Schema v1 = SchemaHistory.oldSchemas().get(0);
        assertNull(v1.getField("device"), "v1 predates the device field");
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e-old");
        old.put("eventTime", 1_600_000_000_000L);
        old.put("customerId", "c-old");
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "PRODUCT_VIEW"));
        old.put("productId", "p-9");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        DecodeResult<ClickEvent> decoded = clicks.decode(bytes);
        assertTrue(decoded.isOk(), decoded::toString);
        assertEquals("c-old", decoded.value().getCustomerId());
        assertEquals(ClickType.PRODUCT_VIEW, decoded.value().getType());
        assertNull(decoded.value().getDevice(), "the new field takes its default");
    }

    @Test
    void readsCustomerUpdatesWrittenBeforeComplaintsExisted() throws IOException {
        Schema v1 =
                SchemaHistory.oldSchemas().stream()
                        .filter(s -> s.getName().equals("CustomerUpdate"))
                        .findFirst()
                        .orElseThrow();
        assertFalse(v1.getField("type").schema().getEnumSymbols().contains("COMPLAINT"));
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "u-old");
        old.put("eventTime", 1_600_000_000_000L);
        old.put("customerId", "c-old");
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "BIRTHDAY"));
        old.put("birthday", "--04-01");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        DecodeResult<CustomerUpdate> decoded = AvroCodec.of(CustomerUpdate.class).decode(bytes);
        assertTrue(decoded.isOk(), decoded::toString);
        assertEquals(CustomerUpdateType.BIRTHDAY, decoded.value().getType());
        assertEquals("--04-01", decoded.value().getBirthday());
    }

    @Test
    void garbageIsAnErrorNotAnException() {
        for (byte[] bad :
                List.of(
                        new byte[0],
                        "{\"json\":true}".getBytes(),
                        new byte[] {(byte) 0xC3, 0x01, 1, 2, 3},
                        Arrays.copyOf(clicks.encode(click()), 14))) {
            DecodeResult<ClickEvent> result = clicks.decode(bad);
            assertFalse(result.isOk(), () -> "should fail: " + Arrays.toString(bad));
            assertFalse(result.error().isBlank());
        }
        assertFalse(clicks.decode(null).isOk());
    }

    @Test
    void namesTheProblem() {
        assertTrue(clicks.decode("hello".getBytes()).error().contains("C3 01"));
        byte[] otherType = AvroCodec.of(PurchaseEvent.class).encode(
                PurchaseEvent.newBuilder().setEventId("e").setEventTime(1).setCustomerId("c")
                        .setOrderId("o").setLines(List.of()).build());
        assertTrue(clicks.decode(otherType).error().contains("unknown writer schema"),
                "a purchase on the clicks topic is told apart from garbage");
    }

    @Test
    void truncatedBodyIsMalformed() throws IOException {
        byte[] full = clicks.encode(click());
        DecodeResult<ClickEvent> r = clicks.decode(Arrays.copyOf(full, full.length - 3));
        assertFalse(r.isOk());
    }

    @Test
    void fingerprintsOfCurrentAndOldVersionsDiffer() {
        long current = SchemaNormalization.parsingFingerprint64(ClickEvent.getClassSchema());
        long old = SchemaNormalization.parsingFingerprint64(SchemaHistory.oldSchemas().get(0));
        assertFalse(current == old);
        assertArrayEquals(clicks.encode(click()), clicks.encode(click()), "deterministic encoding");
    }
}
