package io.kairos.decide;

import io.kairos.customer.PyramidThresholds;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferFeedback;
import io.kairos.ingest.CustomerEvent;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The one keyed operator every customer event passes through (keyed by customerId), so that
 * consent, caps and cooldowns are exact per customer and all channels speak with one voice.
 *
 * <p>Each event is decided as it arrives, in the order of the customer's log: no buffering until
 * a watermark. What falls due in event time (a cart reminder, the churn review, a birthday, a
 * replenishment, a held message) has a timer at the customer's earliest due instant; when a
 * later event of the customer arrives first, that work runs in line before it, as of its due time.
 * So a customer's history is the same at any replay speed; the watermark only decides when due
 * work runs for a customer who sends nothing more. Population-level inputs (catalog, pyramid
 * thresholds, response rates, co-purchases) come on the broadcast side and are used as currently
 * known, never waited for.
 *
 * <p>This class only adapts Flink's contexts: the turn is {@link CustomerTurns}, the moments are
 * the {@code moments} package's rules, the state is {@link CustomerStore}, the broadcast inputs
 * {@link ControlState}. Run by {@link PersonalizationOperator}, the customer records of recent
 * turns stay on the heap ({@link CustomerCache}) and go to keyed state before each barrier.
 */
public class PersonalizationFunction
        extends KeyedBroadcastProcessFunction<String, CustomerEvent, ControlUpdate, RedisUpdate> {
    private static final long serialVersionUID = 1L;

    /** Pyramid moves, lifecycle transitions, churn risk entered and cleared. */
    public static final OutputTag<CustomerSignal> SIGNALS =
            new OutputTag<>("customer-signals", TypeInformation.of(CustomerSignal.class));

    /** Every decision, whatever came of it: the audit trail (topic 'decisions'). */
    public static final OutputTag<Decision> DECISIONS =
            new OutputTag<>("decisions", TypeInformation.of(Decision.class));

    /** Offers sent and converted per segment: the closed loop's input (topic 'offer-feedback'). */
    public static final OutputTag<OfferFeedback> FEEDBACK =
            new OutputTag<>("offer-feedback", TypeInformation.of(OfferFeedback.class));

    /** Broadcast state: value pyramid thresholds by the event time they are valid from. */
    public static final MapStateDescriptor<Long, PyramidThresholds> THRESHOLDS = ControlState.THRESHOLDS;

    /** Every broadcast state of the control input, in the order the pipeline declares them. */
    public static final List<MapStateDescriptor<?, ?>> BROADCAST_STATES = ControlState.DESCRIPTORS;

    private final PersonalizationSettings settings;

    private transient OperatorMetrics metrics;
    private transient CustomerStore store;
    private transient ControlState control;
    private transient CustomerTurns turns;
    /** Given by {@link PersonalizationOperator} before open: without it, no customer cache. */
    private transient KeyContext keys;
    private transient CustomerCacheSettings cache;

    public PersonalizationFunction(PersonalizationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new OperatorMetrics(getRuntimeContext().getMetricGroup());
        OperatorMetrics.churnModel(getRuntimeContext().getMetricGroup(), settings.customerModel);
        store = keys == null || cache.capacity() == 0
                ? new CustomerStore(getRuntimeContext(), settings.offerCooldown)
                : new CustomerStore(
                        getRuntimeContext(), settings.offerCooldown, cache.newCache(), keys,
                        metrics.customerRecordsWrittenBack);
        control = new ControlState(settings.bootstrapCatalog, metrics);
        turns = new CustomerTurns(settings, metrics);
    }

    /** The operator's key context, to write a cached record under its own customer. */
    void cacheCustomersWith(KeyContext keys, CustomerCacheSettings cache) {
        this.keys = keys;
        this.cache = cache;
    }

    /** Every cached customer record to keyed state: the operator calls it before each barrier. */
    void writeBackCustomers() {
        store.writeBack();
    }

    @Override
    public void processElement(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        long started = System.nanoTime();
        if (event.producedAt > 0) {
            metrics.eventAgeOnArrival.update(System.currentTimeMillis() - event.producedAt);
        }
        turns.onEvent(event, env(ctx, out));
        metrics.turnMicros.update((System.nanoTime() - started) / 1_000);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisUpdate> out) throws Exception {
        long started = System.nanoTime();
        turns.onTimer(timestamp, env(ctx, out));
        metrics.turnMicros.update((System.nanoTime() - started) / 1_000);
    }

    @Override
    public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<RedisUpdate> out) throws Exception {
        control.apply(update, new ControlState.Writable() {
            @Override
            public <K, V> BroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) throws Exception {
                return ctx.getBroadcastState(descriptor);
            }
        });
    }

    private CustomerTurns.Env env(ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        ControlState.View view = new ControlState.View() {
            @Override
            public <K, V> ReadOnlyBroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) {
                return ctx.getBroadcastState(descriptor);
            }
        };
        CustomerTurn.Inputs inputs =
                new CustomerTurn.Inputs(
                        control.catalog(view), control.thresholds(view), control.rates(view), control.associations(view));
        return new CustomerTurns.Env(ctx.getCurrentKey(), store, inputs, new Outputs(ctx, out), new ContextTimers(ctx));
    }

    /** The main output (Redis) and the side outputs. */
    private static final class Outputs implements TurnOutput {
        private final ReadOnlyContext ctx;
        private final Collector<RedisUpdate> out;

        Outputs(ReadOnlyContext ctx, Collector<RedisUpdate> out) {
            this.ctx = ctx;
            this.out = out;
        }

        @Override
        public void redis(RedisUpdate update) {
            out.collect(update);
        }

        @Override
        public void signal(CustomerSignal signal) {
            ctx.output(SIGNALS, signal);
        }

        @Override
        public void decision(Decision decision) {
            ctx.output(DECISIONS, decision);
        }

        @Override
        public void feedback(OfferFeedback feedback) {
            ctx.output(FEEDBACK, feedback);
        }
    }

    /** The current key's event-time timers. */
    private static final class ContextTimers implements Timers {
        private final ReadOnlyContext ctx;

        ContextTimers(ReadOnlyContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void register(long at) {
            ctx.timerService().registerEventTimeTimer(at);
        }

        @Override
        public void delete(long at) {
            ctx.timerService().deleteEventTimeTimer(at);
        }

        @Override
        public long watermark() {
            return ctx.timerService().currentWatermark();
        }
    }
}
