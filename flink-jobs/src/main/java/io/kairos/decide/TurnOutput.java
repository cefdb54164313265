package io.kairos.decide;

import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferFeedback;

/** Where a customer's turn sends what it produced: the operator's main and side outputs. */
public interface TurnOutput {
    /** A message, a profile, a forget or a withdrawal, in the order the customer's turn made them. */
    void redis(RedisUpdate update);

    void signal(CustomerSignal signal);

    /** The audit record of a decision. */
    void decision(Decision decision);

    /** A send or a conversion, for the learning loop. */
    void feedback(OfferFeedback feedback);
}
