package io.kairos.customer;

import io.kairos.events.CustomerUpdateType;
import io.kairos.ingest.CustomerEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The population side of the value pyramid, per customer: keeps the value score ({@link
 * ValueScore}) and the last purchase, and tells the population histogram what to move when a
 * customer buys (score before and after), lapses out of the active population (no purchase for
 * {@code inactiveAfter}: an event-time timer) or is forgotten.
 *
 * <p>Three small values per buyer, separate from the personalization operator's state: a branch
 * (not a loop back from that operator) so that the thresholds carry watermarks and a replay at
 * any speed computes the same pyramid. It sees purchases and forget-me requests only.
 */
public class CustomerValueTracker extends KeyedProcessFunction<String, CustomerEvent, ValueChange> {
    private static final long serialVersionUID = 1L;

    private final Duration valueHalfLife;
    private final long inactiveAfterMillis;
    private final long forgetRetentionMillis;

    private transient ValueState<Double> score;
    private transient ValueState<Long> lastPurchaseAt;
    /** When the customer was forgotten: their purchases are ignored for the retention after it, as in the personalization operator. */
    private transient ValueState<Long> forgottenAt;
    /** The end of that retention, as savepoints before "forgotten-at" kept it: still read, never written. */
    private transient ValueState<Long> legacyForgottenUntil;

    public CustomerValueTracker(Duration inactiveAfter, Duration valueHalfLife, Duration forgetRetention) {
        this.inactiveAfterMillis = inactiveAfter.toMillis();
        this.valueHalfLife = valueHalfLife;
        this.forgetRetentionMillis = forgetRetention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        score = getRuntimeContext().getState(new ValueStateDescriptor<>("value-score", Types.DOUBLE));
        lastPurchaseAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-purchase-at", Types.LONG));
        forgottenAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forgotten-at", Types.LONG));
        legacyForgottenUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("forgotten-until", Types.LONG));
    }

    /** The end of a forgotten customer's retention; null when they are not forgotten. */
    private Long forgottenUntil() throws Exception {
        Long at = forgottenAt.value();
        if (at != null) {
            return at + forgetRetentionMillis;
        }
        return legacyForgottenUntil.value();
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<ValueChange> out) throws Exception {
        Long until = forgottenUntil();
        if (until != null && event.eventTime < until) {
            return;
        }
        if (event.update != null
                && (event.update.getType() == CustomerUpdateType.FORGET_ME
                        || event.update.getType() == CustomerUpdateType.RESET)) {
            // Out of the population; a forget-me also keeps them out for the retention.
            Double before = activeScore();
            if (before != null) {
                out.collect(new ValueChange(Math.max(event.eventTime, lastPurchaseAt.value()), before, Double.NaN));
            }
            deleteLapseTimer(ctx);
            score.clear();
            lastPurchaseAt.clear();
            if (event.update.getType() == CustomerUpdateType.FORGET_ME) {
                forgottenAt.update(event.eventTime);
                legacyForgottenUntil.clear();
                ctx.timerService().registerEventTimeTimer(event.eventTime + forgetRetentionMillis);
            }
            return;
        }
        if (event.purchase == null) {
            return;
        }
        Double before = activeScore();
        if (before == null && event.eventTime + inactiveAfterMillis <= ctx.timerService().currentWatermark()) {
            return; // a late purchase of a customer who has lapsed since: never in the active window
        }
        // A customer back after lapsing starts afresh, as in CustomerProfile: the score was cleared.
        double after = ValueScore.addPurchase(
                before == null ? 0 : before, before != null, CustomerProfile.orderValue(event.purchase), event.eventTime, valueHalfLife);
        score.update(after);
        Long last = lastPurchaseAt.value();
        if (last == null || event.eventTime > last) {
            deleteLapseTimer(ctx);
            lastPurchaseAt.update(event.eventTime);
            ctx.timerService().registerEventTimeTimer(event.eventTime + inactiveAfterMillis);
        }
        out.collect(new ValueChange(lastPurchaseAt.value(), before == null ? Double.NaN : before, after));
    }

    /** The score if the customer is in the active population (has bought and not lapsed). */
    private Double activeScore() throws Exception {
        return lastPurchaseAt.value() == null ? null : score.value();
    }

    private void deleteLapseTimer(Context ctx) throws Exception {
        Long last = lastPurchaseAt.value();
        if (last != null) {
            ctx.timerService().deleteEventTimeTimer(last + inactiveAfterMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ValueChange> out) throws Exception {
        Long until = forgottenUntil();
        if (until != null && timestamp >= until) {
            forgottenAt.clear();
            legacyForgottenUntil.clear();
        }
        Long last = lastPurchaseAt.value();
        if (last != null && timestamp == last + inactiveAfterMillis) {
            // Lapsed: out of the active population. The score goes too: a customer back after
            // a year starts the pyramid afresh, as the personalization operator's INACTIVE rule says.
            out.collect(new ValueChange(timestamp, score.value(), Double.NaN));
            score.clear();
            lastPurchaseAt.clear();
        }
    }
}
