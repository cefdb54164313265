package io.kairos.decide;

import io.kairos.moments.Candidate;
import io.kairos.moments.Moment;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.state.CustomerState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds the messages the engine publishes. */
public final class Messages {
    private Messages() {}

    /**
     * A deterministic id of the moment, not of the offer chosen: the same cause yields the same id
     * in every run, so the Redis sink recognises a replayed moment and writes it only once, even
     * when the replay chose another offer (learned rates, associations and thresholds arrive by
     * timing). One moment, one message, on any channel.
     */
    public static String messageId(String customerId, Trigger trigger, String cause) {
        String name = customerId + '|' + trigger + '|' + cause;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The message a decision sends: the chosen offer on the chosen channel, sent at once or held
     * until {@code verdict.sendAt}, stamped with the catalog version and the customer's segment.
     */
    public static PersonalizedMessage forVerdict(
            String customerId,
            Moment moment,
            Decider.Verdict verdict,
            CustomerState customer,
            long catalogVersion,
            long ttlMs) {
        Candidate candidate = verdict.chosen.candidate;
        OfferCatalogEntry offer = candidate.offer;
        Map<String, String> vars = baseVars(customer);
        vars.putAll(moment.vars);
        if (offer.getProductId() != null) {
            vars.put("offeredProductId", offer.getProductId());
        }
        vars.put("basis", candidate.basis);
        if (candidate.valueScale != 1.0) {
            vars.put("incentive", String.format(Locale.ROOT, "%.2f", offer.getValue() * candidate.valueScale));
        }
        String reason = moment.reason + "; " + candidate.why;
        if (verdict.sendAt > moment.at) {
            reason += "; held until " + java.time.Instant.ofEpochMilli(verdict.sendAt)
                    + (Decider.isPush(verdict.channel) ? " (quiet hours or the customer's best hour)" : "");
        }
        return PersonalizedMessage.newBuilder()
                .setMessageId(messageId(customerId, moment.trigger, moment.cause))
                .setCustomerId(customerId)
                .setOfferId(offer.getOfferId())
                .setTrigger(moment.trigger)
                .setChannel(verdict.channel)
                .setTitle(offer.getTitle())
                .setProductId(offer.getProductId())
                .setScore(verdict.chosen.score)
                .setReason(reason)
                .setCauseEventId(moment.cause)
                .setCreatedAt(moment.at)
                .setSendAt(verdict.sendAt)
                .setExpiresAt(moment.at + ttlMs)
                .setCatalogVersion(catalogVersion)
                .setSegment(customer.getSegment().name())
                .setTransactional(offer.getTransactional())
                .setTemplateVars(vars)
                .build();
    }

    private static Map<String, String> baseVars(CustomerState customer) {
        Map<String, String> vars = new HashMap<>();
        if (customer.getFirstName() != null) {
            vars.put("firstName", customer.getFirstName());
        }
        return vars;
    }
}
