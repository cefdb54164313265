package io.kairos.learn;

import static io.kairos.learn.LearnTestData.sent;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.events.OfferFeedback;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FeedbackFanOutTest {
    @Test
    void feedbackCountsForItsSegmentAndForAllSegmentsOnce() {
        OfferFeedback f = sent("o", "HIGH", T0);
        List<OfferFeedback> out = FeedbackFanOut.withAllSegments(f);
        assertEquals(List.of("o|HIGH", "o|*"), out.stream().map(ResponseStatsFunction::keyOf).collect(Collectors.toList()));
        assertEquals("HIGH", f.getSegment(), "the input is not changed");
        assertEquals(f.getFeedbackId(), out.get(1).getFeedbackId());

        assertEquals(1, FeedbackFanOut.withAllSegments(sent("o", "*", T0)).size());
    }
}
