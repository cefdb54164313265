package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replenishment / renewal: the moment is {@code lead} before a consumable's expected repurchase
 * date. A product is a consumable if the catalog gives it {@code repurchaseDays}. The expected
 * interval is the customer's own (the gap since their previous purchase of the product) when it is
 * plausible, between half and twice the catalog's; else the catalog's.
 *
 * <p>State: {@code replenishDue}, productId -> due time; a later purchase replaces the due time, at
 * most {@code maxTracked} products (the earliest due go first). The operator keeps one timer at
 * {@link #nextDueAt}.
 */
public final class Replenishment implements MomentRule {
    private static final long serialVersionUID = 1L;

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final long leadMs;
    private final int maxTracked;

    public Replenishment(Duration lead, int maxTracked) {
        if (lead == null || lead.isNegative()) {
            throw new IllegalArgumentException("replenishment lead must not be negative: " + lead);
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException(
                    "replenishment products tracked must be at least 1: " + maxTracked);
        }
        this.leadMs = lead.toMillis();
        this.maxTracked = maxTracked;
    }

    /**
     * Schedules the reminders of the consumables bought.
     *
     * @param repurchaseDaysOf the catalog's repurchase interval of a product in days, null if it is
     *     not a consumable
     * @param previousPurchaseAt when the customer last bought the product before this purchase,
     *     null (or 0) if never: call before recording this purchase
     */
    public void onPurchase(
            CustomerState s,
            PurchaseEvent purchase,
            Function<String, Integer> repurchaseDaysOf,
            Function<String, Long> previousPurchaseAt) {
        long t = purchase.getEventTime();
        Map<String, Long> due = s.getReplenishDue();
        for (OrderLine line : purchase.getLines()) {
            String product = line.getProductId();
            Integer days = repurchaseDaysOf.apply(product);
            if (days == null || days <= 0) {
                continue;
            }
            long interval = interval(days * DAY_MS, t, previousPurchaseAt.apply(product));
            long at = t + Math.max(0, interval - leadMs); // never before the purchase itself
            due.merge(product, at, Math::max); // a late, older purchase does not move it back
        }
        while (due.size() > maxTracked) {
            String earliest =
                    due.entrySet().stream()
                            .min(
                                    Map.Entry.<String, Long>comparingByValue()
                                            .thenComparing(Map.Entry.comparingByKey()))
                            .orElseThrow()
                            .getKey();
            due.remove(earliest);
        }
    }

    /** The customer's own interval if plausible (0.5x to 2x the catalog's), else the catalog's. */
    static long interval(long catalogMs, long purchaseAt, Long previousAt) {
        if (previousAt == null || previousAt <= 0 || previousAt >= purchaseAt) {
            return catalogMs;
        }
        long own = purchaseAt - previousAt;
        return own >= catalogMs / 2 && own <= 2 * catalogMs ? own : catalogMs;
    }

    /** Products whose reminder is due at or before {@code timestamp}, earliest first. */
    public List<String> due(CustomerState s, long timestamp) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        for (Map.Entry<String, Long> e : s.getReplenishDue().entrySet()) {
            if (e.getValue() <= timestamp) {
                entries.add(e);
            }
        }
        entries.sort(
                Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()));
        List<String> products = new ArrayList<>();
        for (Map.Entry<String, Long> e : entries) {
            products.add(e.getKey());
        }
        return products;
    }

    /** The reminder of {@code productId} is done (sent or suppressed). */
    public void reminded(CustomerState s, String productId) {
        s.getReplenishDue().remove(productId);
    }

    /** The earliest due time, 0 if none. */
    public long nextDueAt(CustomerState s) {
        return s.getReplenishDue().values().stream().min(Comparator.naturalOrder()).orElse(0L);
    }

    // ---- as a moment rule: due instants in replenishDue

    @Override
    public void onEvent(CustomerEvent event, MomentContext turn) {
        if (event.purchase != null) {
            // Before the purchase is recorded as owned: the customer's own interval is the gap
            // since their previous purchase of the product.
            long t = event.purchase.getEventTime();
            onPurchase(turn.state(), event.purchase, turn.catalog()::repurchaseDays, product -> {
                Long before = turn.lastBought(product);
                return before != null && before < t ? before : null;
            });
        }
    }

    @Override
    public long dueAt(CustomerState s) {
        return nextDueAt(s);
    }

    @Override
    public void onDue(long at, MomentContext turn) {
        CustomerState s = turn.state();
        for (String product : due(s, at)) {
            long dueAt = s.getReplenishDue().get(product);
            reminded(s, product);
            List<Candidate> candidates = new ArrayList<>();
            for (OfferCatalogEntry offer : turn.catalog().offersOf(product)) {
                if (OfferCatalog.answers(offer, Trigger.REPLENISHMENT)) {
                    candidates.add(new Candidate(offer, product + " is about to run out"));
                }
            }
            if (!candidates.isEmpty()) {
                turn.decide(
                        new Moment(Trigger.REPLENISHMENT, "replenish:" + product + "@" + dueAt, dueAt, false,
                                "time to buy " + product + " again", candidates, Map.of("replenishProductId", product)));
            }
        }
    }
}
