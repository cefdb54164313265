package io.kairos.learn;

import static io.kairos.testing.TestEvents.nextId;

import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import io.kairos.events.Trigger;

/** Readable feedback and pairs for the learning tests. */
final class LearnTestData {
    private LearnTestData() {}

    static OfferFeedback feedback(String offer, String segment, FeedbackType type, long at) {
        return OfferFeedback.newBuilder()
                .setFeedbackId(nextId("feedback"))
                .setOfferId(offer)
                .setSegment(segment)
                .setTrigger(Trigger.CROSS_SELL)
                .setEventTime(at)
                .setType(type)
                .build();
    }

    static OfferFeedback sent(String offer, String segment, long at) {
        return feedback(offer, segment, FeedbackType.SENT, at);
    }

    static OfferFeedback converted(String offer, String segment, long at) {
        return feedback(offer, segment, FeedbackType.CONVERTED, at);
    }

    static ItemPair pair(String product, String coProduct, long at) {
        return new ItemPair(product, coProduct, at);
    }
}
