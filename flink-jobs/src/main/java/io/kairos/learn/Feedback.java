package io.kairos.learn;

import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import io.kairos.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds the learning loop's records: an offer sent, or converted, for a segment. */
public final class Feedback {
    private Feedback() {}

    /**
     * @param cause what makes the record unique (the message id of a send, the purchase or
     *     response of a conversion): its id is derived from it, so a consumer can drop replays
     */
    public static OfferFeedback of(String offerId, String segment, String trigger, long at, FeedbackType type, String cause) {
        String id = offerId + '|' + type + '|' + cause;
        return OfferFeedback.newBuilder()
                .setFeedbackId(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString())
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
