package io.kairos.moments;

import io.kairos.events.ClickEvent;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;

/**
 * Cart abandonment: items in the cart and no checkout within a delay of event time after the
 * last cart change. The reminder is due at (last cart change + delay); the operator keeps one
 * event-time timer per customer at that instant and moves it when the cart changes.
 */
public final class CartAbandonment implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The offer id of cart reminders, so that cooldown applies to them like to any offer. */
    public static final String OFFER_ID = "cart-reminder";

    private final long delayMs;

    public CartAbandonment(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("cart abandonment delay must be positive: " + delay);
        }
        this.delayMs = delay.toMillis();
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

    /** Whether a timer firing at {@code timestamp} is the live reminder for a non-empty cart. */
    public boolean isDue(CustomerState s, long timestamp) {
        return s.getCartReminderDueAt() == timestamp && !s.getCart().isEmpty();
    }
}
