package io.kairos.decide;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.Channel;
import io.kairos.events.CustomerSignal;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.Trigger;
import io.kairos.learn.Associations;
import io.kairos.moments.CartAbandonment;
import io.kairos.moments.WinBack;
import io.kairos.state.CustomerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns what the moment detectors found into {@link Moment}s with their candidate offers from
 * the catalog. A moment without any candidate is no decision at all (nothing was on offer), so
 * these return empty then; a candidate that turns out ineligible is recorded in the audit.
 */
public final class Moments {
    private Moments() {}

    /**
     * After a purchase: accessories the catalog lists for what was bought, then offers of the
     * products most often bought with it (learned in the stream), none the customer owns.
     */
    public static Optional<Moment> crossSell(
            PurchaseEvent purchase, OfferCatalog catalog, Associations associations, Predicate<String> owns) {
        List<Candidate> candidates = new ArrayList<>();
        for (OrderLine line : purchase.getLines()) {
            String bought = line.getProductId();
            for (OfferCatalogEntry offer : catalog.accessoriesFor(bought)) {
                if (OfferCatalog.answers(offer, Trigger.CROSS_SELL) && !ownsOffered(offer, owns)) {
                    candidates.add(new Candidate(offer, offer.getOfferId() + " complements " + bought));
                }
            }
        }
        for (OrderLine line : purchase.getLines()) {
            String bought = line.getProductId();
            for (String other : associations.coPurchased(bought)) {
                for (OfferCatalogEntry offer : catalog.offersOf(other)) {
                    if (OfferCatalog.answers(offer, Trigger.CROSS_SELL) && !ownsOffered(offer, owns)) {
                        candidates.add(
                                new Candidate(
                                        offer, "customers who buy " + bought + " also buy " + other, 1.0,
                                        Candidate.FROM_CO_PURCHASES));
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> vars = new HashMap<>();
        vars.put("orderId", purchase.getOrderId());
        vars.put("purchasedProductId", purchase.getLines().get(0).getProductId());
        return Optional.of(
                new Moment(
                        Trigger.CROSS_SELL, purchase.getEventId(), purchase.getEventTime(), true,
                        "bought " + purchase.getLines().get(0).getProductId() + " (order " + purchase.getOrderId() + ")",
                        candidates, vars));
    }

    private static boolean ownsOffered(OfferCatalogEntry offer, Predicate<String> owns) {
        return offer.getProductId() != null && owns.test(offer.getProductId());
    }

    /** The built-in cart reminder (not a catalog offer: every shop has one). */
    public static Moment cartAbandonment(
            long dueAt, long delayMs, List<Channel> channels, CustomerState customer) {
        int items = customer.getCart().values().stream().mapToInt(l -> l.getQuantity()).sum();
        OfferCatalogEntry reminder =
                OfferCatalogEntry.newBuilder()
                        .setOfferId(CartAbandonment.OFFER_ID)
                        .setTitle(items == 1 ? "You left an item in your cart" : "You left " + items + " items in your cart")
                        .setChannels(channels)
                        .setValue(io.kairos.customer.CustomerProfile.cartValue(customer))
                        .build();
        Map<String, String> vars = new HashMap<>();
        vars.put("items", String.join(",", new java.util.TreeSet<>(customer.getCart().keySet())));
        vars.put("itemCount", String.valueOf(items));
        vars.put("cartValue", String.format(java.util.Locale.ROOT, "%.2f", io.kairos.customer.CustomerProfile.cartValue(customer)));
        return new Moment(
                Trigger.CART_ABANDONMENT, "cart@" + dueAt, dueAt, true,
                items + " item(s) in the cart and no checkout for " + Messages.humanDelay(delayMs) + " of event time",
                List.of(new Candidate(reminder, "the cart is still full")), vars);
    }

    /** Repeated views of a product ("p:id") or a category ("c:name") without a purchase. */
    public static Optional<Moment> browseIntent(String key, String cause, long at, OfferCatalog catalog) {
        List<Candidate> candidates = new ArrayList<>();
        if (key.startsWith("p:")) {
            String product = key.substring(2);
            for (OfferCatalogEntry offer : catalog.offersOf(product)) {
                if (OfferCatalog.answers(offer, Trigger.BROWSE_INTENT)) {
                    candidates.add(new Candidate(offer, "viewed " + product + " again and again"));
                }
            }
        } else if (key.startsWith("c:")) {
            String category = key.substring(2);
            for (OfferCatalogEntry offer : catalog.forTrigger(Trigger.BROWSE_INTENT)) {
                if (category.equals(offer.getCategory()) && offer.getProductId() == null) {
                    candidates.add(new Candidate(offer, "keeps browsing " + category));
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Moment(Trigger.BROWSE_INTENT, cause, at, true,
                        "repeated views of " + key.substring(2) + " without a purchase", candidates,
                        Map.of("browsed", key.substring(2))));
    }

    /** The customer's birthday, at the greeting hour in their time zone. */
    public static Optional<Moment> birthday(long at, OfferCatalog catalog) {
        return ofTrigger(Trigger.BIRTHDAY, "birthday@" + at, at, true, "it is their birthday", catalog, 1.0);
    }

    /** Entered churn risk: a win-back offer whose value is scaled to what the customer is worth. */
    public static Optional<Moment> winBack(CustomerSignal signal, CustomerState customer, OfferCatalog catalog) {
        return ofTrigger(
                Trigger.WIN_BACK, signal.getSignalId(), signal.getEventTime(), false,
                "entered churn risk (" + String.join(", ", signal.getReasons()) + ")", catalog,
                WinBack.incentiveScale(customer));
    }

    /** Moved up to the top value segment. */
    public static Optional<Moment> vipThankYou(CustomerSignal signal, OfferCatalog catalog) {
        return ofTrigger(
                Trigger.VIP_THANK_YOU, signal.getSignalId(), signal.getEventTime(), false,
                "moved up from " + signal.getFrom() + " to the top segment", catalog, 1.0);
    }

    /** A consumable's expected repurchase date is near. */
    public static Optional<Moment> replenishment(String productId, long dueAt, OfferCatalog catalog) {
        List<Candidate> candidates = new ArrayList<>();
        for (OfferCatalogEntry offer : catalog.offersOf(productId)) {
            if (OfferCatalog.answers(offer, Trigger.REPLENISHMENT)) {
                candidates.add(new Candidate(offer, productId + " is about to run out"));
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Moment(Trigger.REPLENISHMENT, "replenish:" + productId + "@" + dueAt, dueAt, false,
                        "time to buy " + productId + " again", candidates, Map.of("replenishProductId", productId)));
    }

    private static Optional<Moment> ofTrigger(
            Trigger trigger, String cause, long at, boolean urgent, String reason, OfferCatalog catalog, double scale) {
        List<Candidate> candidates = new ArrayList<>();
        for (OfferCatalogEntry offer : catalog.forTrigger(trigger)) {
            candidates.add(new Candidate(offer, offer.getTitle(), scale));
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Moment(trigger, cause, at, urgent, reason, candidates, Map.of()));
    }
}
