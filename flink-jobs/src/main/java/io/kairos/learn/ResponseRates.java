package io.kairos.learn;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What the decision operator knows about response rates: the {@link ResponseStats} published by
 * {@link ResponseStatsFunction}, kept in broadcast state under {@link ResponseStats#key}.
 *
 * <p>A segment with little feedback of its own borrows from the offer's all-segment stats
 * ({@link ResponseStats#ALL_SEGMENTS}): below {@code priorTrials} trials, the all-segment counts,
 * scaled down to the missing number of trials, are added to the segment's own. The segment's own
 * evidence thus always counts fully, the borrowed part shrinks as it grows and is gone from
 * {@code priorTrials} on, and the borrowed part is never stronger than the evidence behind it.
 * (The all-segment counts include the segment's own, counted once more within the borrowed part:
 * a small bias towards the segment's own rate, accepted for simplicity.) With nothing known at
 * all, the answer is the uniform prior, never null.
 */
public final class ResponseRates {
    public static final MapStateDescriptor<String, ResponseStats> DESCRIPTOR =
            new MapStateDescriptor<>("response-stats", Types.STRING, TypeInformation.of(ResponseStats.class));

    /** Trials below which a segment borrows from the all-segment stats. */
    public static final double DEFAULT_PRIOR_TRIALS = 20;

    private final Function<String, ResponseStats> byKey;
    private final double priorTrials;

    private ResponseRates(Function<String, ResponseStats> byKey, double priorTrials) {
        this.byKey = byKey;
        this.priorTrials = priorTrials;
    }

    /** A snapshot of the entries, e.g. {@code ctx.getBroadcastState(DESCRIPTOR).immutableEntries()}. */
    public static ResponseRates of(Iterable<Map.Entry<String, ResponseStats>> entries) {
        return of(entries, DEFAULT_PRIOR_TRIALS);
    }

    public static ResponseRates of(Iterable<Map.Entry<String, ResponseStats>> entries, double priorTrials) {
        Map<String, ResponseStats> copy = new HashMap<>();
        entries.forEach(e -> copy.put(e.getKey(), e.getValue()));
        return new ResponseRates(copy::get, priorTrials);
    }

    /** A view that reads the broadcast state per lookup instead of copying it. */
    public static ResponseRates over(ReadOnlyBroadcastState<String, ResponseStats> state) {
        return new ResponseRates(
                key -> {
                    try {
                        return state.get(key);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot read broadcast state " + DESCRIPTOR.getName(), e);
                    }
                },
                DEFAULT_PRIOR_TRIALS);
    }

    /** Applies a publication of {@link ResponseStatsFunction} to the broadcast state. */
    public static void apply(BroadcastState<String, ResponseStats> state, ResponseStats update) throws Exception {
        state.put(ResponseStats.key(update.offerId, update.segment), update);
    }

    /** The stats to sample the offer's response rate in this segment from; a copy, never null. */
    public ResponseStats stats(String offerId, String segment) {
        ResponseStats own = byKey.apply(ResponseStats.key(offerId, segment));
        ResponseStats result = own == null ? new ResponseStats(offerId, segment) : own.copy();
        if (result.trials >= priorTrials || ResponseStats.ALL_SEGMENTS.equals(segment)) {
            return result;
        }
        ResponseStats all = byKey.apply(ResponseStats.key(offerId, ResponseStats.ALL_SEGMENTS));
        if (all == null || all.trials <= 0) {
            return result;
        }
        double scale = Math.min(1.0, (priorTrials - result.trials) / all.trials);
        result.trials += scale * all.trials;
        result.successes += scale * all.successes;
        result.asOf = Math.max(result.asOf, all.asOf);
        return result;
    }
}
