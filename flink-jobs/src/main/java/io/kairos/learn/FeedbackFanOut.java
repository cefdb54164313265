package io.kairos.learn;

import io.kairos.events.OfferFeedback;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each feedback to its own segment and to {@link ResponseStats#ALL_SEGMENTS}, so that
 * {@link ResponseStatsFunction} also learns each offer's rate over all segments: the prior that
 * {@link ResponseRates} falls back on for a segment with little feedback of its own.
 */
public class FeedbackFanOut implements FlatMapFunction<OfferFeedback, OfferFeedback> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(OfferFeedback feedback, Collector<OfferFeedback> out) {
        withAllSegments(feedback).forEach(out::collect);
    }

    /** The feedback as it came, and a copy counted under all segments (once if it already is). */
    public static List<OfferFeedback> withAllSegments(OfferFeedback feedback) {
        if (ResponseStats.ALL_SEGMENTS.equals(feedback.getSegment())) {
            return List.of(feedback);
        }
        OfferFeedback all = OfferFeedback.newBuilder(feedback).setSegment(ResponseStats.ALL_SEGMENTS).build();
        return List.of(feedback, all);
    }
}
