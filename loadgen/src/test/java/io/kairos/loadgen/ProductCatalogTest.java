package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OfferCatalogEntry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProductCatalogTest {

    @Test
    void everyOfferIsAnAccessoryForProductsThatTakeAccessories() {
        ProductCatalog catalog = new ProductCatalog(42);
        List<OfferCatalogEntry> offers = catalog.bootstrapOffers(1_000L);
        assertEquals(48, offers.size(), "12 accessories for each of 4 main categories");
        for (OfferCatalogEntry offer : offers) {
            assertFalse(offer.getAccessoryFor().isEmpty());
            assertFalse(offer.getChannels().isEmpty());
            assertTrue(offer.getPriorityWeight() > 0);
            catalog.product(offer.getProductId());
            for (String main : offer.getAccessoryFor()) {
                assertTrue(catalog.product(main).takesAccessories(), main);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameAssortment() {
        assertEquals(new ProductCatalog(5).bootstrapOffers(1L), new ProductCatalog(5).bootstrapOffers(1L));
        Random r1 = new Random(1);
        Random r2 = new Random(1);
        assertEquals(new ProductCatalog(5).anyProduct(r1), new ProductCatalog(5).anyProduct(r2));
    }

    @Test
    void populationTraitsDependOnlyOnSeedAndIndex() {
        Population a = new Population(1_000_000, 9);
        Population b = new Population(1_000_000, 9);
        assertEquals(a.customer(123_456), b.customer(123_456));
        assertEquals("c-123456", a.customer(123_456).id());
        int index = a.pickActive(new Random(2));
        assertTrue(index >= 0 && index < 1_000_000);
    }
}
