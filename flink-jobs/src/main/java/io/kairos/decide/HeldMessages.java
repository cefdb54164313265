package io.kairos.decide;

import io.kairos.customer.CustomerProfile;
import io.kairos.events.PersonalizedMessage;
import io.kairos.policy.AvroLists;
import io.kairos.policy.ContactPolicy;
import io.kairos.state.CustomerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages held for quiet hours or for the customer's best hour: kept in keyed state by send
 * time, their send times in the customer's state ({@code heldMessagesAt}) so that the next one
 * due is known without reading the map. At its send time a held message goes out, unless a rule
 * that changed meanwhile stops it: consent revoked, or a suppression after a conversion or
 * dismissals. Caps were counted at the send time when it was held, so they hold as they are.
 */
final class HeldMessages {
    private final DecisionSettings rules;
    private final OperatorMetrics metrics;
    private final Delivery delivery;

    HeldMessages(DecisionSettings rules, OperatorMetrics metrics, Delivery delivery) {
        this.rules = rules;
        this.metrics = metrics;
        this.delivery = delivery;
    }

    void hold(PersonalizedMessage message, long sendAt, CustomerTurn turn) {
        List<PersonalizedMessage> atTime = turn.store.heldAt(sendAt);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            addSorted(turn.state.getHeldMessagesAt(), sendAt);
        }
        atTime.add(message);
        turn.store.hold(sendAt, atTime);
    }

    /** The earliest send time of a held message; 0 for none. */
    long dueAt(CustomerState state) {
        List<Long> at = state.getHeldMessagesAt();
        return at.isEmpty() ? 0 : at.get(0);
    }

    /** Releases, in send time order, the messages due at or before {@code at}. */
    void onDue(long at, CustomerTurn turn) {
        List<Long> due = turn.state.getHeldMessagesAt();
        while (!due.isEmpty() && due.get(0) <= at) {
            long sendAt = due.remove(0);
            List<PersonalizedMessage> messages = turn.store.heldAt(sendAt);
            turn.store.hold(sendAt, null);
            if (messages != null) {
                for (PersonalizedMessage message : messages) {
                    release(message, sendAt, turn);
                }
            }
        }
    }

    /** A send time found in keyed state by a timer of an older version, which kept no list. */
    void adopt(long sendAt, CustomerTurn turn) {
        if (!turn.state.getHeldMessagesAt().contains(sendAt) && turn.store.heldAt(sendAt) != null) {
            addSorted(turn.state.getHeldMessagesAt(), sendAt);
        }
    }

    private void release(PersonalizedMessage message, long sendAt, CustomerTurn turn) {
        CustomerState state = turn.state;
        ContactPolicy.Suppression stop;
        if (!CustomerProfile.hasConsent(state, message.getChannel())) {
            stop = ContactPolicy.Suppression.NO_CONSENT;
        } else {
            stop = rules.responseSuppression
                    .check(state, message.getOfferId(), message.getTransactional(), sendAt)
                    .orElse(null);
        }
        if (stop == null) {
            delivery.send(message, turn);
        } else {
            metrics.candidatesSuppressed.get(stop).inc();
            metrics.decisionsSuppressed.get(stop).inc();
            AvroLists.removeIf(state.getRecentContacts(), c -> message.getMessageId().equals(c.getMessageId()));
        }
        turn.out.decision(Decisions.released(message, state, sendAt, stop));
    }

    private static void addSorted(List<Long> times, long at) {
        int i = 0;
        while (i < times.size() && times.get(i) < at) {
            i++;
        }
        if (i == times.size() || times.get(i) != at) {
            times.add(i, at);
        }
    }
}
