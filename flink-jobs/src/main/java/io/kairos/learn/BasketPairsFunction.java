package io.kairos.learn;

import io.kairos.events.CustomerUpdateType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a customer's purchases into co-purchase pairs for {@link ItemAssociationsFunction}: the
 * distinct products within an order, and this order's products with those the customer bought
 * within {@code lookback} before or after it (a cross-sell often follows in a later order). Each
 * pair goes both ways (a→b and b→a) and carries the purchase's event time, which is also the
 * emitted records' timestamp.
 *
 * <p>A pair is emitted only when at least one of its two products is new to the customer within
 * the look-back, so a customer who keeps re-buying the same two products counts their pairing once
 * per look-back, not once per order: associations reflect how many customers buy things together.
 *
 * <p>State per customer: the products bought within the look-back with their latest purchase time,
 * at most {@code maxRecentProducts} (the oldest go first), cleared by an event-time timer a
 * look-back after the latest purchase. An order counts at most {@code maxRecentProducts} distinct
 * products (the first lines), which bounds the pairs one order can emit.
 */
public class BasketPairsFunction extends KeyedProcessFunction<String, CustomerEvent, ItemPair> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);
    public static final int DEFAULT_MAX_RECENT_PRODUCTS = 32;

    private final long lookbackMillis;
    private final int maxRecentProducts;

    /** productId -> latest purchase time, within the look-back. */
    private transient MapState<String, Long> recentProducts;

    public BasketPairsFunction() {
        this(DEFAULT_LOOKBACK, DEFAULT_MAX_RECENT_PRODUCTS);
    }

    public BasketPairsFunction(Duration lookback, int maxRecentProducts) {
        if (maxRecentProducts < 1) {
            throw new IllegalArgumentException("maxRecentProducts must be at least 1: " + maxRecentProducts);
        }
        this.lookbackMillis = lookback.toMillis();
        this.maxRecentProducts = maxRecentProducts;
    }

    /** The key to partition purchases (and forgets) by. */
    public static String keyOf(CustomerEvent event) {
        return event.customerId;
    }

    /** What this branch needs: purchases, and what erases a customer's history. */
    public static boolean isInput(CustomerEvent event) {
        return event.purchase != null || erases(event);
    }

    private static boolean erases(CustomerEvent event) {
        return event.update != null
                && (event.update.getType() == CustomerUpdateType.FORGET_ME
                        || event.update.getType() == CustomerUpdateType.RESET);
    }

    /** A customer's recently bought products and when: the only keyed state here. */
    public static final MapStateDescriptor<String, Long> RECENT_PRODUCTS =
            new MapStateDescriptor<>("recent-products", Types.STRING, Types.LONG);

    @Override
    public void open(OpenContext openContext) {
        recentProducts = getRuntimeContext().getMapState(RECENT_PRODUCTS);
    }

    @Override
    public void processElement(CustomerEvent event, Context ctx, Collector<ItemPair> out) throws Exception {
        if (erases(event)) {
            recentProducts.clear(); // a forget-me leaves nothing of the customer here either
            return;
        }
        PurchaseEvent purchase = event.purchase;
        if (purchase == null) {
            return;
        }
        long time = purchase.getEventTime();
        List<String> ordered = productsOf(purchase);
        if (ordered.isEmpty()) {
            return;
        }
        // Sorted, so that the pairs come out in the same order in every run.
        Map<String, Long> recent = new TreeMap<>();
        long latestBefore = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : recentProducts.entries()) {
            latestBefore = Math.max(latestBefore, e.getValue());
            if (Math.abs(e.getValue() - time) <= lookbackMillis) {
                recent.put(e.getKey(), e.getValue());
            }
        }

        for (int i = 0; i < ordered.size(); i++) {
            String a = ordered.get(i);
            for (int j = i + 1; j < ordered.size(); j++) {
                String b = ordered.get(j);
                if (!recent.containsKey(a) || !recent.containsKey(b)) {
                    emitBothWays(a, b, time, out);
                }
            }
        }
        Set<String> inOrder = new LinkedHashSet<>(ordered);
        for (String a : ordered) {
            if (recent.containsKey(a)) {
                continue; // paired with the others already when it was first bought
            }
            for (String b : recent.keySet()) {
                if (!inOrder.contains(b)) {
                    emitBothWays(a, b, time, out);
                }
            }
        }

        remember(ordered, time);
        if (time > latestBefore) {
            if (latestBefore != Long.MIN_VALUE) {
                ctx.timerService().deleteEventTimeTimer(latestBefore + lookbackMillis);
            }
            ctx.timerService().registerEventTimeTimer(time + lookbackMillis);
        }
    }

    /** A look-back after the customer's latest purchase: nothing left to pair with. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemPair> out) throws Exception {
        recentProducts.clear();
    }

    private List<String> productsOf(PurchaseEvent purchase) {
        Set<String> products = new LinkedHashSet<>();
        for (OrderLine line : purchase.getLines()) {
            if (products.size() == maxRecentProducts) {
                break;
            }
            if (line.getProductId() != null && !line.getProductId().isEmpty()) {
                products.add(line.getProductId());
            }
        }
        return new ArrayList<>(products);
    }

    private static void emitBothWays(String a, String b, long time, Collector<ItemPair> out) {
        out.collect(new ItemPair(a, b, time));
        out.collect(new ItemPair(b, a, time));
    }

    /** Adds the order's products and drops the expired, then the oldest beyond the bound. */
    private void remember(List<String> products, long time) throws Exception {
        for (String p : products) {
            Long last = recentProducts.get(p);
            if (last == null || last < time) {
                recentProducts.put(p, time);
            }
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        long latest = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : recentProducts.entries()) {
            entries.add(Map.entry(e.getKey(), e.getValue()));
            latest = Math.max(latest, e.getValue());
        }
        entries.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        int keep = entries.size();
        for (Map.Entry<String, Long> e : entries) {
            if (keep > maxRecentProducts || e.getValue() < latest - lookbackMillis) {
                recentProducts.remove(e.getKey());
                keep--;
            }
        }
    }
}
