package io.kairos.moments;

import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Cart abandonment: items in the cart and no checkout within a delay of event time after the
 * last cart change. The reminder is due at (last cart change + delay), kept in {@code
 * cartReminderDueAt}; every cart change moves it, a checkout start or an empty cart cancels it.
 * The reminder is built in (every shop has one), not a catalog offer.
 */
public final class CartAbandonment implements MomentRule {
    private static final long serialVersionUID = 1L;

    /** The offer id of cart reminders, so that cooldown applies to them like to any offer. */
    public static final String OFFER_ID = "cart-reminder";

    private final long delayMs;
    private final List<Channel> channels;

    public CartAbandonment(Duration delay, List<Channel> channels) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("cart abandonment delay must be positive: " + delay);
        }
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("cart reminder channels must not be empty");
        }
        this.delayMs = delay.toMillis();
        this.channels = List.copyOf(Objects.requireNonNull(channels));
    }

    /**
     * When the reminder is due after this click, given the cart as the click left it; 0 for no
     * pending reminder. A checkout start cancels it: the customer is buying.
     */
    public long reminderDueAfter(ClickEvent click, CustomerState afterClick) {
        switch (click.getType()) {
            case ADD_TO_CART:
            case REMOVE_FROM_CART:
                return afterClick.getCart().isEmpty() ? 0 : click.getEventTime() + delayMs;
            case CHECKOUT_START:
                return 0;
            default:
                return afterClick.getCartReminderDueAt();
        }
    }

    /** After a purchase: the items left in the cart keep their reminder, an empty cart none. */
    public long reminderDueAfterPurchase(CustomerState afterPurchase) {
        return afterPurchase.getCart().isEmpty() ? 0 : afterPurchase.getCartReminderDueAt();
    }

    /** Whether the live reminder for a non-empty cart is due at {@code timestamp}. */
    public boolean isDue(CustomerState s, long timestamp) {
        return s.getCartReminderDueAt() != 0 && s.getCartReminderDueAt() <= timestamp && !s.getCart().isEmpty();
    }

    @Override
    public void onEvent(CustomerEvent event, MomentContext turn) {
        CustomerState s = turn.state();
        if (event.click != null) {
            s.setCartReminderDueAt(reminderDueAfter(event.click, s));
        } else if (event.purchase != null) {
            s.setCartReminderDueAt(reminderDueAfterPurchase(s));
        }
    }

    @Override
    public long dueAt(CustomerState s) {
        return s.getCart().isEmpty() ? 0 : s.getCartReminderDueAt();
    }

    @Override
    public void onDue(long at, MomentContext turn) {
        CustomerState s = turn.state();
        long dueAt = s.getCartReminderDueAt();
        s.setCartReminderDueAt(0L);
        turn.decide(reminder(dueAt, s));
    }

    /** The reminder moment for the cart as it is at {@code dueAt}. */
    Moment reminder(long dueAt, CustomerState s) {
        int items = s.getCart().values().stream().mapToInt(l -> l.getQuantity()).sum();
        double value = CustomerProfile.cartValue(s);
        OfferCatalogEntry reminder =
                OfferCatalogEntry.newBuilder()
                        .setOfferId(OFFER_ID)
                        .setTitle(items == 1 ? "You left an item in your cart" : "You left " + items + " items in your cart")
                        .setChannels(channels)
                        .setValue(value)
                        .build();
        Map<String, String> vars = new HashMap<>();
        vars.put("items", String.join(",", new TreeSet<>(s.getCart().keySet())));
        vars.put("itemCount", String.valueOf(items));
        vars.put("cartValue", String.format(Locale.ROOT, "%.2f", value));
        return new Moment(
                Trigger.CART_ABANDONMENT, "cart@" + dueAt, dueAt, true,
                items + " item(s) in the cart and no checkout for " + humanDelay(delayMs) + " of event time",
                List.of(new Candidate(reminder, "the cart is still full")), vars);
    }

    /** "30 min", "2 h", "90 s": the delay as the reason text says it. */
    static String humanDelay(long millis) {
        if (millis % 3_600_000L == 0) {
            return millis / 3_600_000L + " h";
        }
        if (millis % 60_000L == 0) {
            return millis / 60_000L + " min";
        }
        return Math.round(millis / 1000.0) + " s";
    }
}
