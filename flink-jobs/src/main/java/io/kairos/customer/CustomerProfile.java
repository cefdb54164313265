package io.kairos.customer;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.state.CartLine;
import io.kairos.state.CustomerState;
import java.util.HashMap;

/**
 * How each event changes a customer's state. Plain functions on the Avro state record, so the
 * rules can be read and tested without Flink; the keyed operator only loads and stores.
 */
public final class CustomerProfile {
    private CustomerProfile() {}

    /** A customer we have not seen before. Maps are mutable copies: Avro defaults may not be. */
    public static CustomerState newCustomer(long eventTime) {
        return CustomerState.newBuilder()
                .setFirstSeen(eventTime)
                .setLastSeen(eventTime)
                .setConsents(new HashMap<>())
                .setCart(new HashMap<>())
                .build();
    }

    /** Events may arrive out of order: last seen only moves forward. */
    public static void touch(CustomerState s, long eventTime) {
        s.setLastSeen(Math.max(s.getLastSeen(), eventTime));
        if (s.getFirstSeen() == 0 || eventTime < s.getFirstSeen()) {
            s.setFirstSeen(eventTime);
        }
    }

    public static void addToCart(CustomerState s, ClickEvent click) {
        int quantity = click.getQuantity() == null ? 1 : click.getQuantity();
        CartLine line = s.getCart().get(click.getProductId());
        if (line == null) {
            s.getCart()
                    .put(
                            click.getProductId(),
                            CartLine.newBuilder()
                                    .setQuantity(quantity)
                                    .setUnitPrice(click.getUnitPrice())
                                    .setCategory(click.getCategory())
                                    .setAddedAt(click.getEventTime())
                                    .build());
        } else {
            line.setQuantity(line.getQuantity() + quantity);
            if (click.getUnitPrice() != null) {
                line.setUnitPrice(click.getUnitPrice());
            }
        }
    }

    public static void removeFromCart(CustomerState s, ClickEvent click) {
        CartLine line = s.getCart().get(click.getProductId());
        if (line == null) {
            return;
        }
        int remaining = line.getQuantity() - (click.getQuantity() == null ? line.getQuantity() : click.getQuantity());
        if (remaining <= 0) {
            s.getCart().remove(click.getProductId());
        } else {
            line.setQuantity(remaining);
        }
    }

    /** Counts the order and takes what was bought out of the cart. Returns the order value. */
    public static double applyPurchase(CustomerState s, PurchaseEvent purchase) {
        double value = 0;
        for (OrderLine line : purchase.getLines()) {
            value += line.getQuantity() * line.getUnitPrice();
            s.getCart().remove(line.getProductId());
        }
        s.setPurchaseCount(s.getPurchaseCount() + 1);
        s.setPurchaseValue(s.getPurchaseValue() + value);
        s.setLastPurchaseAt(Math.max(s.getLastPurchaseAt(), purchase.getEventTime()));
        return value;
    }

    /** Applies consent and registration details. FORGET_ME is the operator's job (all state). */
    public static void applyUpdate(CustomerState s, CustomerUpdate update) {
        switch (update.getType()) {
            case REGISTRATION:
                if (update.getFirstName() != null) {
                    s.setFirstName(update.getFirstName());
                }
                break;
            case CONSENT_GRANTED:
                s.getConsents().put(update.getChannel().name(), true);
                break;
            case CONSENT_REVOKED:
                s.getConsents().put(update.getChannel().name(), false);
                break;
            default:
                // BIRTHDAY and TIME_ZONE are not used by the moments of this version.
                break;
        }
    }

    /** Opt-in: no consent recorded means no consent. */
    public static boolean hasConsent(CustomerState s, Channel channel) {
        return Boolean.TRUE.equals(s.getConsents().get(channel.name()));
    }

    public static double cartValue(CustomerState s) {
        double total = 0;
        for (CartLine line : s.getCart().values()) {
            total += line.getQuantity() * (line.getUnitPrice() == null ? 0 : line.getUnitPrice());
        }
        return total;
    }
}
