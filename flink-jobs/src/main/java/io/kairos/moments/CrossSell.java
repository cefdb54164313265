package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-sell after a purchase: the accessories the catalog lists for what was bought, then offers
 * of the products most often bought with it (learned in the stream), none the customer owns.
 */
public final class CrossSell implements MomentRule {
    private static final long serialVersionUID = 1L;

    @Override
    public void onEvent(CustomerEvent event, MomentContext turn) {
        PurchaseEvent purchase = event.purchase;
        if (purchase == null) {
            return;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (OrderLine line : purchase.getLines()) {
            String bought = line.getProductId();
            for (OfferCatalogEntry offer : turn.catalog().accessoriesFor(bought)) {
                if (OfferCatalog.answers(offer, Trigger.CROSS_SELL) && !owns(offer, purchase, turn)) {
                    candidates.add(new Candidate(offer, offer.getOfferId() + " complements " + bought));
                }
            }
        }
        for (OrderLine line : purchase.getLines()) {
            String bought = line.getProductId();
            for (String other : turn.associations().coPurchased(bought)) {
                for (OfferCatalogEntry offer : turn.catalog().offersOf(other)) {
                    if (OfferCatalog.answers(offer, Trigger.CROSS_SELL) && !owns(offer, purchase, turn)) {
                        candidates.add(
                                new Candidate(
                                        offer, "customers who buy " + bought + " also buy " + other, 1.0,
                                        Candidate.FROM_CO_PURCHASES));
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, String> vars = new HashMap<>();
        vars.put("orderId", purchase.getOrderId());
        vars.put("purchasedProductId", purchase.getLines().get(0).getProductId());
        turn.decide(
                new Moment(
                        Trigger.CROSS_SELL, purchase.getEventId(), purchase.getEventTime(), true,
                        "bought " + purchase.getLines().get(0).getProductId() + " (order " + purchase.getOrderId() + ")",
                        candidates, vars));
    }

    /** Owned: bought before, or in this very order. */
    private static boolean owns(OfferCatalogEntry offer, PurchaseEvent purchase, MomentContext turn) {
        String product = offer.getProductId();
        if (product == null) {
            return false;
        }
        if (turn.lastBought(product) != null) {
            return true;
        }
        for (OrderLine line : purchase.getLines()) {
            if (product.equals(line.getProductId())) {
                return true;
            }
        }
        return false;
    }
}
