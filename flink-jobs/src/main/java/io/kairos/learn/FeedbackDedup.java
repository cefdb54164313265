package io.kairos.learn;

import io.kairos.events.OfferFeedback;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops feedback records seen before (keyed by {@code feedbackId}). The job writes the feedback
 * topic at least once: after a restore it sends again what it had sent since the checkpoint, and
 * counting those twice would skew every learned rate after every restart. An id is remembered
 * for {@code memory} (processing time), longer than a restore's replay could reach back.
 */
public class FeedbackDedup extends KeyedProcessFunction<String, OfferFeedback, OfferFeedback> {
    private static final long serialVersionUID = 1L;

    private final Duration memory;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public FeedbackDedup(Duration memory) {
        this.memory = memory;
    }

    public static String keyOf(OfferFeedback f) {
        return f.getFeedbackId();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        d.enableTimeToLive(StateTtlConfig.newBuilder(memory).build());
        seen = getRuntimeContext().getState(d);
        duplicates = getRuntimeContext().getMetricGroup().addGroup("kairos").counter("feedbackDuplicatesDropped");
    }

    @Override
    public void processElement(OfferFeedback feedback, Context ctx, Collector<OfferFeedback> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(true);
        out.collect(feedback);
    }
}
