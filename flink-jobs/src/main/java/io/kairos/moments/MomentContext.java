package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.learn.Associations;
import io.kairos.state.CustomerState;

/**
 * What a {@link MomentRule} sees of one customer's turn: their state (read once for the turn,
 * written once after it), the population-level inputs as currently known, and the one way out,
 * {@link #decide}. Implemented by the keyed operator's turn; tests implement it with plain fields.
 */
public interface MomentContext {
    String customerId();

    /** The customer's state, as of the event or the due instant being handled. */
    CustomerState state();

    /** The offer catalog as currently known. */
    OfferCatalog catalog();

    /** Learned co-purchases as currently known. */
    Associations associations();

    /** When the customer last bought {@code productId} before this turn, or null. */
    Long lastBought(String productId);

    /**
     * One decision for the moment: audited, and sent, held or held out by the contact policy. A
     * turn that is behind what the customer already had decided (a late event) decides nothing:
     * the past is not decided again, and the skipped moment is counted.
     */
    void decide(Moment moment);
}
