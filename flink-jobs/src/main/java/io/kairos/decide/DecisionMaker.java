package io.kairos.decide;

import io.kairos.events.PersonalizedMessage;
import io.kairos.moments.Moment;
import io.kairos.policy.ContactPolicy;
import io.kairos.policy.FrequencyCaps;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import java.time.Duration;

/**
 * One decision for one moment, carried out: the {@link Decider}'s verdict becomes a message sent
 * now, a message held for its send time, a held-out contact or nothing, and always an audit
 * record. Every contact is remembered in the customer's state (caps, attribution) and every send
 * is fed back to the learning loop.
 */
final class DecisionMaker {
    private final Decider decider;
    private final DecisionSettings rules;
    private final long messageTtlMs;
    private final OperatorMetrics metrics;
    private final Delivery delivery;
    private final HeldMessages held;

    DecisionMaker(PersonalizationSettings settings, OperatorMetrics metrics, Delivery delivery, HeldMessages held) {
        this.rules = settings.decisions;
        this.decider = new Decider(settings.decisions);
        this.messageTtlMs = settings.messageTtl.toMillis();
        this.metrics = metrics;
        this.delivery = delivery;
        this.held = held;
    }

    void decide(Moment moment, CustomerTurn turn) {
        CustomerState state = turn.state;
        if (alreadyAnswered(state, Messages.messageId(turn.customerId, moment.trigger, moment.cause))) {
            metrics.momentsAlreadyAnswered.inc(); // the same cause again (a duplicated event): once is enough
            return;
        }
        long version = turn.catalog.version();
        Decider.Verdict verdict =
                decider.decide(turn.customerId, moment, state, turn.rates, turn.store::lastSent, messageTtlMs);
        metrics.decisionsByOutcome.get(verdict.outcome).inc();
        for (ContactPolicy.Suppression rule : verdict.blocked) {
            metrics.candidatesSuppressed.get(rule).inc();
        }
        PersonalizedMessage message = null;
        switch (verdict.outcome) {
            case SENT:
                message = Messages.forVerdict(turn.customerId, moment, verdict, state, version, messageTtlMs);
                contacted(message, moment.at, false, turn);
                delivery.send(message, turn);
                break;
            case DEFERRED:
                message = Messages.forVerdict(turn.customerId, moment, verdict, state, version, messageTtlMs);
                contacted(message, moment.at, false, turn); // counts toward the caps of its send time now
                held.hold(message, verdict.sendAt, turn);
                break;
            case HOLDOUT:
                // Treated like a send in everything but the sending: the same cooldown, so that
                // the control group sees the same number of decisions as the treated customers.
                contacted(Messages.forVerdict(turn.customerId, moment, verdict, state, version, messageTtlMs), moment.at, true, turn);
                break; // nothing sent: the audit record carries no message id
            case SUPPRESSED:
                metrics.decisionsSuppressed.get(verdict.suppressedBy).inc();
                break;
            default:
                break;
        }
        turn.out.decision(Decisions.of(turn.customerId, moment, verdict, state, version, message));
    }

    /** The cooldown starts, and the contact counts for caps and attribution. */
    private void contacted(PersonalizedMessage m, long at, boolean holdout, CustomerTurn turn) {
        turn.store.sent(m.getOfferId(), at);
        FrequencyCaps.record(
                turn.state,
                Contact.newBuilder()
                        .setOfferId(m.getOfferId())
                        .setChannel(m.getChannel().name())
                        .setTrigger(m.getTrigger().name())
                        .setAt(m.getSendAt())
                        .setMessageId(m.getMessageId())
                        .setProductId(m.getProductId())
                        .setSegment(m.getSegment())
                        .setDecidedAt(m.getCreatedAt())
                        .setCountsTowardCaps(!holdout && !m.getTransactional())
                        .setHoldout(holdout)
                        .build(),
                m.getCreatedAt(),
                contactsKept(rules));
    }

    private static boolean alreadyAnswered(CustomerState state, String messageId) {
        for (Contact c : state.getRecentContacts()) {
            if (messageId.equals(c.getMessageId())) {
                return true;
            }
        }
        return false;
    }

    /** Contacts are kept for the weekly caps and for attributing purchases to them. */
    static Duration contactsKept(DecisionSettings rules) {
        Duration week = Duration.ofDays(7);
        return rules.attributionWindow.compareTo(week) > 0 ? rules.attributionWindow : week;
    }
}
