package io.kairos.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scenario's full catalog: an offer for every moment, and the cross-sell part unchanged. */
class ScenarioCatalogTest {
    private final ScenarioCatalog catalog = new ScenarioCatalog(7);
    private final List<OfferCatalogEntry> offers = catalog.offers(1_000L);

    @Test
    void everyCatalogMomentHasOffers() {
        Map<Trigger, Integer> byTrigger = new EnumMap<>(Trigger.class);
        for (OfferCatalogEntry o : offers) {
            Trigger t = o.getTriggers().isEmpty() ? Trigger.CROSS_SELL : o.getTriggers().get(0);
            byTrigger.merge(t, 1, Integer::sum);
        }
        int crossSell = catalog.productCatalog().bootstrapOffers(1_000L).size();
        assertEquals(crossSell, byTrigger.get(Trigger.CROSS_SELL));
        assertEquals(1, byTrigger.get(Trigger.BIRTHDAY));
        assertEquals(2, byTrigger.get(Trigger.WIN_BACK));
        assertEquals(1, byTrigger.get(Trigger.VIP_THANK_YOU));
        assertEquals(8 + catalog.mains().size(), byTrigger.get(Trigger.BROWSE_INTENT), "a category and each main product");
        assertEquals(catalog.consumables().size(), byTrigger.get(Trigger.REPLENISHMENT));
    }

    @Test
    void theAddedOffersNameTheirTriggerSoNoneIsACrossSellCandidate() {
        Set<String> crossSellIds = new HashSet<>();
        catalog.productCatalog().bootstrapOffers(1_000L).forEach(o -> crossSellIds.add(o.getOfferId()));
        for (OfferCatalogEntry o : offers) {
            if (!crossSellIds.contains(o.getOfferId())) {
                assertEquals(1, o.getTriggers().size(), o.getOfferId());
                assertFalse(o.getTriggers().contains(Trigger.CROSS_SELL), o.getOfferId());
                assertTrue(o.getAccessoryFor().isEmpty(), o.getOfferId());
                assertFalse(o.getChannels().isEmpty(), o.getOfferId());
            }
        }
        assertEquals(offers.size(), offers.stream().map(OfferCatalogEntry::getOfferId).distinct().count(), "unique ids");
    }

    @Test
    void replenishmentOffersCarryTheConsumablesCycleAndBrowseOffersTheirTarget() {
        for (ScenarioCatalog.Consumable c : catalog.consumables()) {
            OfferCatalogEntry o = byId("offer-replenish-" + c.product().id());
            assertEquals(c.product().id(), o.getProductId());
            assertEquals(c.cycleDays(), o.getRepurchaseDays());
        }
        OfferCatalogEntry category = byId("offer-browse-cameras");
        assertEquals("cameras", category.getCategory());
        assertNull(category.getProductId(), "a category offer is for no product");
        String main = catalog.mains().get(0).id();
        assertEquals(main, byId("offer-browse-" + main).getProductId());
        assertEquals(List.of("TOP"), byId("offer-vip-thank-you").getSegments());
        assertNotNull(byId("offer-birthday-voucher"));
    }

    @Test
    void sameSeedSameCatalog() {
        assertEquals(offers, new ScenarioCatalog(7).offers(1_000L));
    }

    private OfferCatalogEntry byId(String id) {
        return offers.stream().filter(o -> o.getOfferId().equals(id)).findFirst().orElseThrow();
    }
}
