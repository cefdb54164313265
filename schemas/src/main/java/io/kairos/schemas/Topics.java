package io.kairos.schemas;

/**
 * Default Kafka topic names: the one place producers, the job and the tools agree on them. Every
 * topic is keyed by customerId (UTF-8), except the catalog (offerId), the learning loop (offerId)
 * and the dead letters (the original key).
 */
public final class Topics {
    /**
     * Every customer event (clicks, purchases, profile and consent updates, offer responses,
     * resets, forget-me) as a {@link io.kairos.events.CustomerEventEnvelope} (see {@link
     * CustomerEventCodec}), and the clock ticks ({@link ClockTick}). One customer's events are in
     * one partition, in the order the engine decides them.
     */
    public static final String CUSTOMER_EVENTS = "customer-events";
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

    private Topics() {}
}
