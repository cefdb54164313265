package io.kairos.learn;

import io.kairos.events.OfferFeedback;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Learns response rates from offer feedback: keyed by {@link #keyOf} (offer and segment), it keeps
 * the decayed {@link ResponseStats} and publishes them at the end of each event-time bucket of the
 * publish interval in which feedback came ({@link PublishSchedule}), with the bucket's last instant
 * as the record's timestamp and {@code asOf}.
 *
 * <p>Feedback is held per bucket until the watermark passes it, so what is published at a bucket's
 * end counts exactly the feedback up to that instant, also when later feedback was read before it:
 * the broadcast is the same at any replay speed. State per key: the stats plus the increments of
 * buckets the watermark has not passed yet (a few, bounded by the out-of-orderness).
 *
 * <p>SENT counts a trial, CONVERTED a success. DISMISSED adds nothing: its offer was already
 * counted as a trial without success when it was sent. UNKNOWN (a newer type) is ignored.
 */
public class ResponseStatsFunction extends KeyedProcessFunction<String, OfferFeedback, ResponseStats> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(30);
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofMinutes(15);

    private final Duration halfLife;
    private final PublishSchedule schedule;

    private transient ValueState<ResponseStats> stats;
    /** Increments by the bucket end they will be published at, as of that instant. */
    private transient MapState<Long, ResponseStats> pending;

    public ResponseStatsFunction() {
        this(DEFAULT_HALF_LIFE, DEFAULT_PUBLISH_INTERVAL);
    }

    public ResponseStatsFunction(Duration halfLife, Duration publishInterval) {
        this.halfLife = halfLife;
        this.schedule = new PublishSchedule(publishInterval);
    }

    /** The key to partition feedback by. */
    public static String keyOf(OfferFeedback feedback) {
        return ResponseStats.key(feedback.getOfferId(), feedback.getSegment());
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<ResponseStats> type = TypeInformation.of(ResponseStats.class);
        stats = getRuntimeContext().getState(new ValueStateDescriptor<>("response-stats", type));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-feedback", Types.LONG, type));
    }

    @Override
    public void processElement(OfferFeedback feedback, Context ctx, Collector<ResponseStats> out) throws Exception {
        double trials;
        double successes;
        switch (feedback.getType()) {
            case SENT:
                trials = 1;
                successes = 0;
                break;
            case CONVERTED:
                trials = 0;
                successes = 1;
                break;
            default:
                return;
        }
        long publishAt = schedule.publishAt(feedback.getEventTime(), ctx.timerService().currentWatermark());
        ResponseStats increments = pending.get(publishAt);
        if (increments == null) {
            increments = new ResponseStats(feedback.getOfferId(), feedback.getSegment(), 0, 0, publishAt);
        }
        pending.put(publishAt, increments.plus(trials, successes, feedback.getEventTime(), halfLife));
        ctx.timerService().registerEventTimeTimer(publishAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ResponseStats> out) throws Exception {
        ResponseStats increments = pending.get(timestamp);
        if (increments == null) {
            return;
        }
        pending.remove(timestamp);
        ResponseStats current = stats.value();
        if (current == null) {
            current = new ResponseStats(increments.offerId, increments.segment);
        }
        ResponseStats updated = current.plus(increments.trials, increments.successes, timestamp, halfLife);
        stats.update(updated);
        out.collect(updated.copy());
    }
}
