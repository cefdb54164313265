package io.kairos.operate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalog as the job builds it: upserts, tombstones, rejects, and the version. */
class CatalogStateTest {
    private static final AvroCodec<OfferCatalogEntry> CODEC = AvroCodec.of(OfferCatalogEntry.class);

    private static OfferCatalogEntry offer(String id, double weight) {
        return OfferCatalogEntry.newBuilder()
                .setOfferId(id)
                .setTitle("title of " + id)
                .setChannels(List.of(Channel.EMAIL))
                .setPriorityWeight(weight)
                .build();
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appliesRecordsInOrderAndRejectsWhatTheJobRejects() {
        CatalogState s = new CatalogState();
        s.apply(0, 0, key("a"), CODEC.encode(offer("a", 1.0)));
        s.apply(0, 1, key("b"), CODEC.encode(offer("b", 1.0)));
        s.apply(0, 2, key("a"), CODEC.encode(offer("a", 2.0)));
        s.apply(0, 3, key("b"), null);
        s.apply(0, 4, key("a"), CODEC.encode(offer("a", 0.0))); // invalid: the 2.0 one stays
        s.apply(0, 5, key("c"), CODEC.encode(offer("a", 1.0))); // key differs from offerId
        s.apply(0, 6, key("a"), new byte[] {1, 2});

        assertEquals(List.of("a"), List.copyOf(s.offers().keySet()));
        assertEquals(2.0, s.offers().get("a").getPriorityWeight());
        assertEquals(4, s.version(), "offset of the latest applied record + 1");
        assertEquals(7, s.records());
        assertEquals(List.of(4L, 5L, 6L), s.rejected().stream().map(CatalogState.Rejected::offset).toList());
        assertTrue(s.rejected().get(0).reason().contains("priorityWeight must be > 0"));
        assertTrue(s.rejected().get(1).reason().contains("differs from offerId"));
    }

    @Test
    void describesAnOfferInShort() {
        OfferCatalogEntry e = offer("offer-lens", 1.25);
        e.setAccessoryFor(List.of("p-1", "p-2", "p-3", "p-4"));
        e.setSegments(List.of("TOP"));
        e.setMinChurnRisk(0.5);
        e.setCooldownMs(7 * 86_400_000L);
        e.setValidUntil(1_000L);
        String text = CatalogCommand.describe(e, 2_000L);
        assertEquals("offer-lens  [CROSS_SELL by default]  title of offer-lens\n"
                + "    EMAIL  value 0.00  weight 1.25  valid until 1970-01-01T00:00:01Z (expired)"
                + "  after buying p-1,p-2,p-3 +1 more; segments TOP; churn risk 0.50..1.00; cooldown P7D\n",
                text.replace(System.lineSeparator(), "\n"));
    }
}
