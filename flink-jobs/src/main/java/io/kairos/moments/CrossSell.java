package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Post-purchase cross-sell: buying a product that the catalog lists accessories for is the moment
 * to offer one of them that the customer does not own yet. Candidates are ranked best first;
 * the contact policy then takes the first it may send.
 */
public final class CrossSell {
    /** Best first: priority weight, then value, then offer id so that ties are deterministic. */
    static final Comparator<OfferCatalogEntry> RANKING =
            Comparator.comparingDouble(OfferCatalogEntry::getPriorityWeight)
                    .thenComparingDouble(OfferCatalogEntry::getValue)
                    .reversed()
                    .thenComparing(OfferCatalogEntry::getOfferId);

    private CrossSell() {}

    /** A candidate offer and the purchased product that made it relevant. */
    public static final class Candidate {
        public final OfferCatalogEntry offer;
        public final String purchasedProductId;

        Candidate(OfferCatalogEntry offer, String purchasedProductId) {
            this.offer = offer;
            this.purchasedProductId = purchasedProductId;
        }
    }

    /**
     * @param alreadyBought whether the customer owns a product (including this purchase)
     */
    public static List<Candidate> candidates(
            PurchaseEvent purchase, OfferCatalog catalog, Predicate<String> alreadyBought) {
        Map<String, Candidate> byOffer = new LinkedHashMap<>();
        for (OrderLine line : purchase.getLines()) {
            for (OfferCatalogEntry offer : catalog.accessoriesFor(line.getProductId())) {
                if (!OfferCatalog.isValidAt(offer, purchase.getEventTime())) {
                    continue;
                }
                if (offer.getProductId() != null && alreadyBought.test(offer.getProductId())) {
                    continue;
                }
                byOffer.putIfAbsent(offer.getOfferId(), new Candidate(offer, line.getProductId()));
            }
        }
        List<Candidate> ranked = new ArrayList<>(byOffer.values());
        ranked.sort((a, b) -> RANKING.compare(a.offer, b.offer));
        return ranked;
    }
}
