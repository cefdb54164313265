package io.kairos.decide;

import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.ThresholdHistory;
import io.kairos.learn.Associations;
import io.kairos.learn.ResponseRates;
import io.kairos.moments.Moment;
import io.kairos.moments.MomentContext;
import io.kairos.state.CustomerState;

/**
 * One customer's turn: an event, or the due work a timer found. Holds what the turn reads once
 * (the customer's state, the population-level inputs as currently known) and where its results
 * go. Moments found during the turn are decided through {@link #decide}, unless the turn is
 * behind what the customer already had decided ({@link #late}).
 */
final class CustomerTurn implements MomentContext {
    final String customerId;
    CustomerState state;
    final OfferCatalog catalog;
    final ThresholdHistory thresholds;
    final ResponseRates rates;
    final Associations associations;
    final CustomerStore store;
    final TurnOutput out;
    private final DecisionMaker decisions;
    private final OperatorMetrics metrics;
    /** Behind the customer's decided time: state is updated, nothing is decided. */
    boolean late;
    /** The Kafka timestamp of the event that caused the turn; 0 for due work. */
    final long causeProducedAt;

    CustomerTurn(
            String customerId,
            CustomerState state,
            Inputs inputs,
            CustomerStore store,
            TurnOutput out,
            DecisionMaker decisions,
            OperatorMetrics metrics,
            long causeProducedAt) {
        this.customerId = customerId;
        this.state = state;
        this.catalog = inputs.catalog;
        this.thresholds = inputs.thresholds;
        this.rates = inputs.rates;
        this.associations = inputs.associations;
        this.store = store;
        this.out = out;
        this.decisions = decisions;
        this.metrics = metrics;
        this.causeProducedAt = causeProducedAt;
    }

    /** The population-level inputs of a turn, as currently known. */
    static final class Inputs {
        final OfferCatalog catalog;
        final ThresholdHistory thresholds;
        final ResponseRates rates;
        final Associations associations;

        Inputs(OfferCatalog catalog, ThresholdHistory thresholds, ResponseRates rates, Associations associations) {
            this.catalog = catalog;
            this.thresholds = thresholds;
            this.rates = rates;
            this.associations = associations;
        }
    }

    @Override
    public String customerId() {
        return customerId;
    }

    @Override
    public CustomerState state() {
        return state;
    }

    @Override
    public OfferCatalog catalog() {
        return catalog;
    }

    @Override
    public Associations associations() {
        return associations;
    }

    @Override
    public Long lastBought(String productId) {
        return store.lastBought(productId);
    }

    @Override
    public void decide(Moment moment) {
        if (late) {
            metrics.lateMomentsSkipped.inc(); // the past is not decided again
            return;
        }
        decisions.decide(moment, this);
    }
}
