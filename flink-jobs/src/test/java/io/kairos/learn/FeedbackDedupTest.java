package io.kairos.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.events.OfferFeedback;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** {@link FeedbackDedup}: a record written again after a restore is counted once. */
class FeedbackDedupTest {
    @Test
    void aReplayedSendIsDroppedAnotherMessageIsNot() throws Exception {
        OfferFeedback sent = Feedback.sent("m-1", "offer-a", "TOP", "CROSS_SELL", 1_000);
        OfferFeedback again = Feedback.sent("m-1", "offer-b", "TOP", "CROSS_SELL", 1_000); // the replay chose another offer
        OfferFeedback other = Feedback.sent("m-2", "offer-a", "TOP", "CROSS_SELL", 2_000);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FeedbackDedup(Duration.ofDays(2))), FeedbackDedup::keyOf, Types.STRING)) {
            h.open();
            h.processElement(sent, 1_000);
            h.processElement(again, 1_000);
            h.processElement(other, 2_000);
            assertEquals(2, h.extractOutputValues().size());
            assertEquals("offer-a", h.extractOutputValues().get(0).getOfferId(), "the first one counts, as in Redis");
        }
    }
}
