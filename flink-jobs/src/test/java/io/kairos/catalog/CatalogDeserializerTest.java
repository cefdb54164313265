package io.kairos.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.schemas.AvroCodec;
import io.kairos.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CatalogDeserializerTest {
    private final CatalogDeserializer deserializer = new CatalogDeserializer();
    private final AvroCodec<OfferCatalogEntry> codec = AvroCodec.of(OfferCatalogEntry.class);

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(
                "offer-catalog", 0, 7L, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static OfferCatalogEntry lens() {
        return TestEvents.accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera");
    }

    @Test
    void validEntryIsAnUpsert() {
        CatalogUpdate u = deserializer.toUpdate(record("offer-lens", codec.encode(lens())));
        assertEquals("offer-lens", u.offerId);
        assertEquals(lens(), u.entry);
    }

    @Test
    void tombstoneWithdrawsTheOffer() {
        CatalogUpdate u = deserializer.toUpdate(record("offer-lens", null));
        assertTrue(u.isWithdrawal());
        assertEquals("offer-lens", u.offerId);
    }

    @Test
    void invalidEntriesAreRejectedWithAReasonAndReplaceNothing() {
        OfferCatalogEntry noChannels = lens();
        noChannels.setChannels(List.of());
        OfferCatalogEntry zeroWeight = lens();
        zeroWeight.setPriorityWeight(0.0);
        OfferCatalogEntry backwards = lens();
        backwards.setValidFrom(2_000L);
        backwards.setValidUntil(1_000L);

        assertRejected(record("offer-lens", codec.encode(noChannels)), "lists no channels");
        assertRejected(record("offer-lens", codec.encode(zeroWeight)), "priorityWeight must be > 0");
        assertRejected(record("offer-lens", codec.encode(backwards)), "validUntil is not after validFrom");
        assertRejected(record("offer-other", codec.encode(lens())), "differs from offerId");
        assertRejected(record("offer-lens", new byte[] {1, 2, 3}), "C3 01");
        assertRejected(record(null, null), "tombstone without key");
    }

    private void assertRejected(ConsumerRecord<byte[], byte[]> record, String reason) {
        CatalogUpdate u = deserializer.toUpdate(record);
        assertTrue(u.isRejected(), () -> "expected a rejection for " + reason);
        assertTrue(u.deadLetter.getReason().contains(reason), u.deadLetter.getReason());
        assertEquals(7L, u.deadLetter.getOffset());
    }
}
