package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.operate.catalog.OfferJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code catalog export} writes is what {@code catalog publish} reads back, offer for offer. */
class CatalogExportCommandTest {
    @Test
    void theLoadGeneratorsOffersRoundTripThroughThePublishFormat() {
        List<OfferCatalogEntry> offers = new ProductCatalog(7).bootstrapOffers(1_000L);
        OfferJson.ReadResult read = OfferJson.read("export.json", OfferJson.toJsonArray(offers));
        assertEquals(List.of(), read.problems());
        assertEquals(offers, read.offers().stream().map(OfferJson.Located::entry).toList());
    }
}
