package io.kairos.decide;

import io.kairos.events.Channel;
import io.kairos.events.OfferResponse;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.learn.Feedback;
import io.kairos.moments.CartAbandonment;
import io.kairos.policy.CustomerZone;
import io.kairos.policy.SendTiming;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import java.util.HashSet;
import java.util.Set;

/**
 * What came of the contacts: a purchase of an offered product within the attribution window, or
 * a channel's report, converts the offer (learning counts a success, the offer is suppressed for
 * a while, the channel and hour count as responsive); dismissals suppress. Held-out decisions are
 * not attributed (nothing was sent): their purchases are what the uplift report compares against.
 */
final class Attribution {
    private final DecisionSettings rules;
    private final OperatorMetrics metrics;

    Attribution(DecisionSettings rules, OperatorMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    void onPurchase(PurchaseEvent purchase, CustomerTurn turn) {
        long t = purchase.getEventTime();
        Set<String> bought = new HashSet<>();
        for (OrderLine line : purchase.getLines()) {
            bought.add(line.getProductId());
        }
        for (Contact contact : turn.state.getRecentContacts()) {
            if (contact.getHoldout() || contact.getConverted() || contact.getProductId() == null
                    || !bought.contains(contact.getProductId())) {
                continue;
            }
            if (t >= contact.getAt() && t - contact.getAt() <= rules.attributionWindow.toMillis()) {
                converted(contact, t, purchase.getEventId(), turn);
            }
        }
    }

    /** Opened or clicked counts for the channel; dismissed and converted for the offer. */
    void onResponse(OfferResponse response, CustomerTurn turn) {
        CustomerState state = turn.state;
        long t = response.getEventTime();
        Contact contact = null;
        for (Contact c : state.getRecentContacts()) {
            if (response.getMessageId().equals(c.getMessageId())) {
                contact = c;
            }
        }
        switch (response.getType()) {
            case OPENED:
            case CLICKED:
                SendTiming.recordResponse(state, response.getChannel(), t, CustomerZone.of(state, rules.defaultZone),
                        rules.channelStatsHalfLife);
                break;
            case CONVERTED:
                if (contact != null && !contact.getConverted() && !contact.getHoldout()) {
                    converted(contact, t, response.getEventId(), turn);
                } else if (contact == null && !CartAbandonment.OFFER_ID.equals(response.getOfferId())) {
                    // Older than the contacts we keep: the offer still converted.
                    rules.responseSuppression.onConverted(state, response.getOfferId(), t);
                }
                break;
            case DISMISSED:
                rules.responseSuppression.onDismissed(state, response.getOfferId(), t);
                break;
            default:
                break;
        }
    }

    private void converted(Contact contact, long t, String cause, CustomerTurn turn) {
        CustomerState state = turn.state;
        contact.setConverted(true);
        metrics.conversionsAttributed.inc();
        if (!CartAbandonment.OFFER_ID.equals(contact.getOfferId())) {
            // A converted cart reminder ends that cart, not the next one: every cart is a moment.
            rules.responseSuppression.onConverted(state, contact.getOfferId(), t);
        }
        SendTiming.recordResponse(state, Channel.valueOf(contact.getChannel()), t,
                CustomerZone.of(state, rules.defaultZone), rules.channelStatsHalfLife);
        turn.out.feedback(
                Feedback.converted(contact.getMessageId(), contact.getOfferId(), contact.getSegment(), contact.getTrigger(), t, cause));
    }
}
