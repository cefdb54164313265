package io.kairos.decide;

import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.Trigger;
import io.kairos.moments.CartAbandonment;
import io.kairos.moments.CrossSell;
import io.kairos.state.CustomerState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/** Builds the messages the engine publishes. */
public final class Messages {
    private Messages() {}

    /**
     * A deterministic id: the same cause yields the same id in every run, which is what lets the
     * Redis sink recognise a replayed message and write it only once.
     */
    public static String messageId(String customerId, Trigger trigger, String cause, String offerId) {
        String name = customerId + '|' + trigger + '|' + cause + '|' + offerId;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static PersonalizedMessage crossSell(
            String customerId,
            PurchaseEvent purchase,
            CrossSell.Candidate candidate,
            Channel channel,
            CustomerState customer,
            long ttlMs) {
        OfferCatalogEntry offer = candidate.offer;
        Map<String, String> vars = baseVars(customer);
        vars.put("purchasedProductId", candidate.purchasedProductId);
        vars.put("orderId", purchase.getOrderId());
        if (offer.getProductId() != null) {
            vars.put("offeredProductId", offer.getProductId());
        }
        return PersonalizedMessage.newBuilder()
                .setMessageId(
                        messageId(customerId, Trigger.CROSS_SELL, purchase.getEventId(), offer.getOfferId()))
                .setCustomerId(customerId)
                .setOfferId(offer.getOfferId())
                .setTrigger(Trigger.CROSS_SELL)
                .setChannel(channel)
                .setTitle(offer.getTitle())
                .setProductId(offer.getProductId())
                .setScore(offer.getPriorityWeight())
                .setReason(
                        "bought " + candidate.purchasedProductId + " (order " + purchase.getOrderId()
                                + "); " + offer.getOfferId() + " complements it and is not owned yet")
                .setCauseEventId(purchase.getEventId())
                .setCreatedAt(purchase.getEventTime())
                .setExpiresAt(purchase.getEventTime() + ttlMs)
                .setTemplateVars(vars)
                .build();
    }

    public static PersonalizedMessage cartReminder(
            String customerId, long dueAt, long delayMs, Channel channel, CustomerState customer, long ttlMs) {
        int items = customer.getCart().values().stream().mapToInt(l -> l.getQuantity()).sum();
        Map<String, String> vars = baseVars(customer);
        vars.put("items", String.join(",", new TreeSet<>(customer.getCart().keySet())));
        vars.put("itemCount", String.valueOf(items));
        vars.put("cartValue", String.format(Locale.ROOT, "%.2f", CustomerProfile.cartValue(customer)));
        String cause = "cart@" + dueAt;
        return PersonalizedMessage.newBuilder()
                .setMessageId(messageId(customerId, Trigger.CART_ABANDONMENT, cause, CartAbandonment.OFFER_ID))
                .setCustomerId(customerId)
                .setOfferId(CartAbandonment.OFFER_ID)
                .setTrigger(Trigger.CART_ABANDONMENT)
                .setChannel(channel)
                .setTitle(items == 1 ? "You left an item in your cart" : "You left " + items + " items in your cart")
                .setProductId(null)
                .setScore(1.0)
                .setReason(
                        items + " item(s) in the cart and no checkout for "
                                + humanDelay(delayMs) + " of event time")
                .setCauseEventId(cause)
                .setCreatedAt(dueAt)
                .setExpiresAt(dueAt + ttlMs)
                .setTemplateVars(vars)
                .build();
    }

    private static Map<String, String> baseVars(CustomerState customer) {
        Map<String, String> vars = new HashMap<>();
        if (customer.getFirstName() != null) {
            vars.put("firstName", customer.getFirstName());
        }
        return vars;
    }

    private static String humanDelay(long millis) {
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + " h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + " min";
        }
        return Math.round(millis / 1000.0) + " s";
    }
}
