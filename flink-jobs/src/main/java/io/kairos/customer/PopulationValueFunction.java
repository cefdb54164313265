package io.kairos.customer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole active population's value histogram, and from it the pyramid thresholds at the end of
 * every period (event time). Runs with parallelism 1 under a constant key: the histogram is a few
 * thousand counters and sees one small change per purchase, far below what one subtask handles.
 *
 * <p>Changes wait in state for the end of their period and are applied when the watermark passes
 * it: thresholds valid from {@code P} reflect exactly the changes before {@code P}, whatever the
 * order or speed in which they arrived, so a replay computes the same pyramid as the live run.
 * Thresholds are emitted only when something changed in the period.
 */
public class PopulationValueFunction extends KeyedProcessFunction<Integer, ValueChange, PyramidThresholds> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PopulationValueFunction.class);

    private final PyramidShares shares;
    private final long periodMillis;

    private transient ValueState<ValueHistogram> histogram;
    /**
     * Changes waiting for the watermark, one entry each under an arrival sequence number, with
     * {@code at} raised to the time they count at. One entry per change, not a list per period:
     * a replay puts a whole population's purchases into one period, and rewriting a growing list
     * on every change made this single subtask the job's bottleneck (quadratic in the changes).
     */
    private transient MapState<Long, ValueChange> pending;
    private transient ValueState<Long> nextSequence;
    private transient long activeCustomers;

    public PopulationValueFunction(PyramidShares shares, Duration period) {
        this.shares = shares;
        this.periodMillis = period.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        histogram = getRuntimeContext().getState(
                new ValueStateDescriptor<>("value-histogram", TypeInformation.of(ValueHistogram.class)));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>(
                        "pending-value-changes-by-sequence", Types.LONG, TypeInformation.of(ValueChange.class)));
        nextSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("next-change-sequence", Types.LONG));
        getRuntimeContext().getMetricGroup().addGroup("kairos").gauge("activeBuyers", (Gauge<Long>) () -> activeCustomers);
    }

    /** The end of the period that holds {@code t}: thresholds from then on include it. */
    long periodEnd(long t) {
        return Math.floorDiv(t, periodMillis) * periodMillis + periodMillis;
    }

    @Override
    public void processElement(ValueChange change, Context ctx, Collector<PyramidThresholds> out) throws Exception {
        // A change behind the watermark is folded into the next period still open.
        long at = Math.max(change.at, ctx.timerService().currentWatermark() + 1);
        ctx.timerService().registerEventTimeTimer(periodEnd(at)); // one per period: Flink dedups
        Long sequence = nextSequence.value();
        long next = sequence == null ? 0 : sequence;
        pending.put(next, new ValueChange(at, change.before, change.after));
        nextSequence.update(next + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PyramidThresholds> out) throws Exception {
        List<ValueChange> changes = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        for (java.util.Map.Entry<Long, ValueChange> e : pending.entries()) {
            if (periodEnd(e.getValue().at) <= timestamp) {
                changes.add(e.getValue());
                applied.add(e.getKey());
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        for (Long key : applied) {
            pending.remove(key);
        }
        ValueHistogram h = histogram.value();
        if (h == null) {
            h = new ValueHistogram();
        }
        // Additions first: a customer's removal and re-addition in one period may arrive in
        // either order, and the histogram must never count below zero on the way.
        for (ValueChange c : changes) {
            if (c.hasAfter()) {
                h.add(c.after);
            }
        }
        for (ValueChange c : changes) {
            if (c.hasBefore() && !h.remove(c.before)) {
                // Cannot happen by construction (see ValueChange.at); if it does, the pyramid
                // is off by one customer, which is no reason to stop the job.
                LOG.warn("Value histogram had no entry for {}; ignored", c);
            }
        }
        histogram.update(h);
        activeCustomers = h.total;
        out.collect(PyramidThresholds.from(h, shares, timestamp));
    }
}
