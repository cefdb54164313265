package io.kairos.operate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.schemas.CatalogValidator;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped example catalog parses, every offer in it is valid, and it shows every kind. */
class ExampleCatalogTest {
    static final Path EXAMPLE =
            Path.of("..", "deploy", "catalog", "example-offers.json").toAbsolutePath().normalize();

    static List<OfferCatalogEntry> exampleOffers() throws Exception {
        OfferJson.ReadResult read = OfferJson.read(EXAMPLE);
        assertEquals(List.of(), read.problems());
        return read.offers().stream().map(OfferJson.Located::entry).toList();
    }

    @Test
    void everyOfferIsValidAndEveryCatalogTriggerIsShown() throws Exception {
        List<OfferCatalogEntry> offers = exampleOffers();
        assertTrue(offers.size() >= 7, "a handful of offers");
        Set<Trigger> shown = EnumSet.noneOf(Trigger.class);
        for (OfferCatalogEntry offer : offers) {
            assertEquals(Optional.empty(), CatalogValidator.check(offer), offer.getOfferId());
            shown.addAll(offer.getTriggers());
        }
        // Cart reminders are the engine's own message, not a catalog offer.
        assertEquals(EnumSet.complementOf(EnumSet.of(Trigger.CART_ABANDONMENT, Trigger.UNKNOWN)), shown);
        assertEquals(List.of(), CatalogCommand.Publish.validate(OfferJson.read(EXAMPLE).offers()), "no id twice");
    }

    @Test
    void itShowsTheEligibilityRulesAMarketerNeeds() throws Exception {
        List<OfferCatalogEntry> offers = exampleOffers();
        assertTrue(offers.stream().anyMatch(o -> o.getTriggers().contains(Trigger.CROSS_SELL)
                && !o.getAccessoryFor().isEmpty()), "cross-sell with accessoryFor");
        assertTrue(offers.stream().anyMatch(o -> o.getTriggers().contains(Trigger.BROWSE_INTENT)
                && o.getCategory() != null && o.getProductId() == null), "browse intent by category");
        assertTrue(offers.stream().anyMatch(o -> o.getTriggers().contains(Trigger.WIN_BACK)
                && o.getMinChurnRisk() > 0 && o.getValue() > 0), "win-back with a churn risk and value");
        assertTrue(offers.stream().anyMatch(o -> o.getTriggers().contains(Trigger.VIP_THANK_YOU)
                && o.getSegments().equals(List.of("TOP"))), "VIP thank-you for TOP");
        assertTrue(offers.stream().anyMatch(o -> o.getTriggers().contains(Trigger.REPLENISHMENT)
                && o.getProductId() != null && o.getRepurchaseDays() != null), "replenishment");
        assertTrue(offers.stream().anyMatch(OfferCatalogEntry::getTransactional), "a transactional one");
        assertTrue(offers.stream().anyMatch(o -> o.getValidUntil() != null), "a validity window");
    }
}
