package io.kairos.learn;

import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import io.kairos.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds the learning loop's records: an offer sent, or converted, for a segment. */
public final class Feedback {
    private Feedback() {}

    /** A message went out: one record per message (so per moment), whatever the offer. */
    public static OfferFeedback sent(String messageId, String offerId, String segment, String trigger, long at) {
        return of("SENT|" + messageId, offerId, segment, trigger, at, FeedbackType.SENT);
    }

    /** A contact converted, by {@code cause} (the purchase or the channel's report). */
    public static OfferFeedback converted(String messageId, String offerId, String segment, String trigger, long at, String cause) {
        return of("CONVERTED|" + messageId + '|' + cause, offerId, segment, trigger, at, FeedbackType.CONVERTED);
    }

    /**
     * The record, with an id derived from what makes it unique: a consumer (the job's own
     * learning branch among them) drops a replayed record by its id.
     */
    private static OfferFeedback of(String identity, String offerId, String segment, String trigger, long at, FeedbackType type) {
        return OfferFeedback.newBuilder()
                .setFeedbackId(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString())
                .setOfferId(offerId)
                .setSegment(segment == null ? "PROSPECT" : segment)
                .setTrigger(triggerOf(trigger))
                .setEventTime(at)
                .setType(type)
                .build();
    }

    private static Trigger triggerOf(String name) {
        try {
            return Trigger.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Trigger.UNKNOWN;
        }
    }
}
