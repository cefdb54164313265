package io.kairos.learn;

import io.kairos.customer.Decay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Learns which products are bought together: keyed by product ({@link #keyOf}), it keeps a decayed
 * co-purchase count per co-product ({@link LogCount}) and publishes the top {@code topK}, best
 * first, as {@link ItemAssociations} at the end of the event-time publish bucket in which pairs
 * came ({@link PublishSchedule}; pairs are held until the watermark passes their bucket, as in
 * {@link ResponseStatsFunction}), and only when the list of co-products changed.
 *
 * <p>Strength is the decayed co-purchase count as of the publication (with {@link
 * BasketPairsFunction}, roughly how many customers lately bought the two together), not
 * normalised by the co-product's popularity: the decision operator still filters by catalog and by
 * what the customer owns, and a best seller that really is bought along is a fair suggestion. A
 * co-product is listed only from {@code minSupport} on, so that one basket makes no association.
 *
 * <p>State per product: at most {@code 4 * topK} candidates (when more, the weakest go: a new
 * co-product must be bought along again soon to stay, while an old one fades by decay), the pairs
 * of buckets the watermark has not passed yet, and the last published list.
 */
public class ItemAssociationsFunction extends KeyedProcessFunction<String, ItemPair, ItemAssociations> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(30);
    public static final int DEFAULT_TOP_K = 5;
    public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofMinutes(15);
    /**
     * More than one basket lately: two baskets are a count just under 2 once decayed, and stay
     * above 1.5 for about 12 days (0.4 half-lives) without more.
     */
    public static final double DEFAULT_MIN_SUPPORT = 1.5;

    /** Candidates kept per listed co-product: room for newcomers to prove themselves. */
    static final int CANDIDATES_PER_LISTED = 4;

    private final Duration halfLife;
    private final int topK;
    private final PublishSchedule schedule;
    private final double minSupport;

    /** coProductId -> log of the decayed co-purchase count ({@link LogCount}). */
    private transient MapState<String, Double> coCounts;
    /**
     * Pairs not yet published: (bucket end they will be published at, coProductId) -> count as of
     * that instant. One entry per co-product, so a pair costs one small read and write however
     * many co-products a popular product gathers in a bucket.
     */
    private transient MapState<Tuple2<Long, String>, Double> pending;
    /**
     * Written by versions before 2026-12-07 (bucket end -> all its co-products in one map, read and
     * written whole for every pair): only read, so a restored savepoint's pairs are still published.
     */
    private transient MapState<Long, Map<String, Double>> pendingBeforeDecember;
    private transient ValueState<List<String>> published;

    public ItemAssociationsFunction() {
        this(DEFAULT_HALF_LIFE, DEFAULT_TOP_K, DEFAULT_PUBLISH_INTERVAL, DEFAULT_MIN_SUPPORT);
    }

    public ItemAssociationsFunction(Duration halfLife, int topK, Duration publishInterval, double minSupport) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1: " + topK);
        }
        this.halfLife = halfLife;
        this.topK = topK;
        this.schedule = new PublishSchedule(publishInterval);
        this.minSupport = minSupport;
    }

    /** The key to partition pairs by. */
    public static String keyOf(ItemPair pair) {
        return pair.productId;
    }

    @Override
    public void open(OpenContext openContext) {
        coCounts = getRuntimeContext().getMapState(new MapStateDescriptor<>("co-purchase-counts", Types.STRING, Types.DOUBLE));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-co-purchases", Types.TUPLE(Types.LONG, Types.STRING), Types.DOUBLE));
        pendingBeforeDecember = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-pairs", Types.LONG, Types.MAP(Types.STRING, Types.DOUBLE)));
        published = getRuntimeContext().getState(new ValueStateDescriptor<>("published-co-products", Types.LIST(Types.STRING)));
    }

    @Override
    public void processElement(ItemPair pair, Context ctx, Collector<ItemAssociations> out) throws Exception {
        if (pair.coProductId == null || pair.coProductId.equals(pair.productId)) {
            return;
        }
        long publishAt = schedule.publishAt(pair.eventTime, ctx.timerService().currentWatermark());
        Tuple2<Long, String> key = Tuple2.of(publishAt, pair.coProductId);
        Double count = pending.get(key);
        double weight = Decay.weight(pair.eventTime, publishAt, Decay.tauOfHalfLife(halfLife));
        pending.put(key, count == null ? weight : count + weight);
        ctx.timerService().registerEventTimeTimer(publishAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemAssociations> out) throws Exception {
        Map<String, Double> counts = due(timestamp);
        if (counts.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Double> e : counts.entrySet()) {
            coCounts.put(e.getKey(), LogCount.add(coCounts.get(e.getKey()), e.getValue(), timestamp, halfLife));
        }

        List<Map.Entry<String, Double>> ranked = new ArrayList<>();
        for (Map.Entry<String, Double> e : coCounts.entries()) {
            ranked.add(Map.entry(e.getKey(), e.getValue()));
        }
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        for (int i = topK * CANDIDATES_PER_LISTED; i < ranked.size(); i++) {
            coCounts.remove(ranked.get(i).getKey());
        }

        List<String> coProducts = new ArrayList<>();
        List<Double> strengths = new ArrayList<>();
        for (Map.Entry<String, Double> e : ranked) {
            double strength = LogCount.countAt(e.getValue(), timestamp, halfLife);
            if (coProducts.size() == topK || strength < minSupport) {
                break; // ranked strongest first: the rest are weaker
            }
            coProducts.add(e.getKey());
            strengths.add(strength);
        }

        List<String> before = published.value();
        if (coProducts.equals(before == null ? List.of() : before)) {
            return;
        }
        if (coProducts.isEmpty()) {
            published.clear();
        } else {
            published.update(coProducts);
        }
        out.collect(new ItemAssociations(ctx.getCurrentKey(), coProducts, strengths, timestamp));
    }

    /** The pairs of the bucket ending at {@code publishAt}, by co-product in name order; taken out of state. */
    private Map<String, Double> due(long publishAt) throws Exception {
        Map<String, Double> counts = new TreeMap<>();
        List<Tuple2<Long, String>> taken = new ArrayList<>();
        for (Map.Entry<Tuple2<Long, String>, Double> e : pending.entries()) {
            if (e.getKey().f0 == publishAt) {
                counts.merge(e.getKey().f1, e.getValue(), Double::sum);
                taken.add(e.getKey());
            }
        }
        for (Tuple2<Long, String> key : taken) {
            pending.remove(key);
        }
        Map<String, Double> restored = pendingBeforeDecember.get(publishAt);
        if (restored != null) {
            restored.forEach((coProduct, count) -> counts.merge(coProduct, count, Double::sum));
            pendingBeforeDecember.remove(publishAt);
        }
        return counts;
    }
}
