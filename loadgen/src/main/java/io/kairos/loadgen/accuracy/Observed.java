package io.kairos.loadgen.accuracy;

import io.kairos.events.Channel;

/** What the engine produced, as the accuracy report reads it. */
public final class Observed {
    private Observed() {}

    /** A CHURN_RISK_ENTERED ({@code entered}) or CHURN_RISK_CLEARED signal at an event time. */
    public record ChurnSignal(String customer, long time, boolean entered) {}

    /**
     * A message as a channel sees it in Redis: its id, trigger (CROSS_SELL, CART_ABANDONMENT, ...),
     * channel, offer, creation time (event time of the moment) and cause (the purchase's event id
     * for a cross-sell, {@code cart@<time>} for a cart reminder).
     */
    public record Message(String customer, String messageId, String trigger, Channel channel, String offerId,
                          long createdAt, String causeEventId, String basis) {
        public Message(String customer, String messageId, String trigger, Channel channel, String offerId,
                       long createdAt, String causeEventId) {
            this(customer, messageId, trigger, channel, offerId, createdAt, causeEventId, null);
        }

        /** A cross-sell of a product learned to be bought together, not one the catalog lists. */
        public boolean learned() {
            return "co-purchases".equals(basis);
        }
    }
}
