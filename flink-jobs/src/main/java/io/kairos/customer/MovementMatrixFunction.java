package io.kairos.customer;

import io.kairos.deliver.MovementCount;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The live movement matrix of the value pyramid: how many customers moved from one segment to
 * another per UTC day (event time), for dashboards. Keyed by the day ({@link #dayOf}); counts live
 * in keyed state and each change is emitted as an absolute count, which Redis keeps as the larger
 * of what it has and what arrives: a replay after a restore re-emits lower counts on its way back
 * up and never makes the matrix go backwards, nor counts a move twice.
 */
public class MovementMatrixFunction extends KeyedProcessFunction<String, CustomerSignal, RedisUpdate> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final long matrixTtlMillis;
    private final long allowedLatenessMillis;
    private transient MapState<String, Long> counts;

    /**
     * @param matrixTtl how long a day's matrix stays in Redis after the day
     * @param allowedLateness how long after the day its counts are kept in state for late moves
     */
    public MovementMatrixFunction(Duration matrixTtl, Duration allowedLateness) {
        this.matrixTtlMillis = matrixTtl.toMillis();
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    /** The key: the UTC day of a signal's event time, e.g. 2026-11-22. */
    public static String dayOf(CustomerSignal signal) {
        return DAY.format(Instant.ofEpochMilli(signal.getEventTime()));
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("movement-counts", Types.STRING, Types.LONG));
    }

    @Override
    public void processElement(CustomerSignal signal, Context ctx, Collector<RedisUpdate> out) throws Exception {
        if (signal.getType() != SignalType.SEGMENT_MOVEMENT) {
            return;
        }
        String transition = signal.getFrom() + ">" + signal.getTo();
        Long current = counts.get(transition);
        long count = (current == null ? 0 : current) + 1;
        counts.put(transition, count);
        long dayEnd = (Math.floorDiv(signal.getEventTime(), DAY_MS) + 1) * DAY_MS;
        ctx.timerService().registerEventTimeTimer(dayEnd + allowedLatenessMillis);

        MovementCount movement = new MovementCount();
        movement.period = ctx.getCurrentKey();
        movement.from = String.valueOf(signal.getFrom());
        movement.to = String.valueOf(signal.getTo());
        movement.count = count;
        movement.expiresAt = dayEnd + matrixTtlMillis;
        out.collect(RedisUpdate.movement(movement));
    }

    /** The day is over and late moves have had their chance: its counts live on in Redis only. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisUpdate> out) throws Exception {
        counts.clear();
    }
}
