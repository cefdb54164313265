package io.kairos.schemas;

import java.util.List;

/**
 * Default Kafka topic names: the one place producers, the job and the tools agree on them. Every
 * topic is keyed by customerId (UTF-8), except the catalog (offerId) and the dead letters (the
 * original key).
 */
public final class Topics {
    public static final String CLICKS = "clicks";
    public static final String PURCHASES = "purchases";
    public static final String CUSTOMER_UPDATES = "customer-updates";
    public static final String OFFER_RESPONSES = "offer-responses";
    /** Compacted control topic: one OfferCatalogEntry per offerId, tombstone to withdraw. */
    public static final String OFFER_CATALOG = "offer-catalog";
    /** Input records the job could not use, as DeadLetter with the raw bytes and the reason. */
    public static final String DEAD_LETTERS = "dead-letters";
    /** What the engine noticed about customers, as CustomerSignal: pyramid moves, lifecycle, churn. */
    public static final String CUSTOMER_SIGNALS = "customer-signals";
    /** Every decision, as Decision: sent, deferred, held out, suppressed with the rule. Key = customerId. */
    public static final String DECISIONS = "decisions";
    /**
     * The closed loop, as OfferFeedback: offers sent and converted per segment, written by the job
     * and read back by its learning branch. Key = offerId.
     */
    public static final String OFFER_FEEDBACK = "offer-feedback";

    /** The customer event topics the personalization job reads. */
    public static final List<String> CUSTOMER_EVENT_TOPICS =
            List.of(CLICKS, PURCHASES, CUSTOMER_UPDATES, OFFER_RESPONSES);

    private Topics() {}
}
