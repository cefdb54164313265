package io.kairos.moments;

import java.util.ArrayList;
import java.util.List;
import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.state.CustomerState;
import io.kairos.state.ViewRun;
import java.io.Serializable;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Browse intent: a customer views the same product {@code productViewsThreshold} times, or products
 * of the same category {@code categoryViewsThreshold} times, within {@code window} without buying.
 * The moment happens at the view that reaches a threshold, once per run.
 *
 * <p>State: {@code productViews}, keyed {@code "p:" + productId} and {@code "c:" + category}. A run
 * starts at its first view ({@code firstAt}) and lasts {@code window}: a view after that starts a
 * new run (count 1), which may fire again. (A run is a fixed window from its first view, not a
 * sliding one: that needs no list of view times, at the price of sometimes missing views that
 * straddle two runs.) A purchase of the product ends its run and its category's: the intent was
 * fulfilled. At most {@code maxTracked} runs are kept; the least recently viewed go, and runs whose
 * window has passed are dropped at the next view.
 */
public final class BrowseIntent implements MomentRule {
    private static final long serialVersionUID = 1L;

    public static final String PRODUCT_PREFIX = "p:";
    public static final String CATEGORY_PREFIX = "c:";

    private final int productViewsThreshold;
    private final int categoryViewsThreshold;
    private final long windowMs;
    private final int maxTracked;

    public BrowseIntent(
            int productViewsThreshold,
            int categoryViewsThreshold,
            Duration window,
            int maxTracked) {
        if (productViewsThreshold < 2) {
            throw new IllegalArgumentException(
                    "browse intent product views threshold must be at least 2 (repeated views): "
                            + productViewsThreshold);
        }
        if (categoryViewsThreshold < 2) {
            throw new IllegalArgumentException(
                    "browse intent category views threshold must be at least 2 (repeated views): "
                            + categoryViewsThreshold);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("browse intent window must be positive: " + window);
        }
        if (maxTracked < 2) {
            throw new IllegalArgumentException(
                    "browse intent runs tracked must be at least 2 (a product and its category): "
                            + maxTracked);
        }
        this.productViewsThreshold = productViewsThreshold;
        this.categoryViewsThreshold = categoryViewsThreshold;
        this.windowMs = window.toMillis();
        this.maxTracked = maxTracked;
    }

    /**
     * Counts a product view; returns the key ({@code "p:..."} or {@code "c:..."}) whose threshold
     * this view reached, or empty. A moment marks the runs of both the product and its category as
     * notified, so the customer hears once about one interest: a product that reaches its threshold
     * silences its category's run, and when both reach theirs with the same view the product (the
     * more specific intent) is returned. Other click types are ignored.
     */
    public Optional<String> observeView(CustomerState s, ClickEvent view) {
        if (view.getType() != ClickType.PRODUCT_VIEW) {
            return Optional.empty();
        }
        long t = view.getEventTime();
        Map<String, ViewRun> runs = s.getProductViews();
        runs.values().removeIf(run -> t - run.getFirstAt() > windowMs);
        ViewRun product =
                view.getProductId() == null
                        ? null
                        : count(runs, PRODUCT_PREFIX + view.getProductId(), t);
        ViewRun category =
                view.getCategory() == null
                        ? null
                        : count(runs, CATEGORY_PREFIX + view.getCategory(), t);
        boolean productFires = reached(product, productViewsThreshold);
        boolean categoryFires = reached(category, categoryViewsThreshold);
        Optional<String> moment = Optional.empty();
        if (productFires || categoryFires) {
            for (ViewRun run : new ViewRun[] {product, category}) {
                if (run != null && run.getNotifiedAt() == 0) {
                    run.setNotifiedAt(t);
                }
            }
            moment =
                    Optional.of(
                            productFires
                                    ? PRODUCT_PREFIX + view.getProductId()
                                    : CATEGORY_PREFIX + view.getCategory());
        }
        evict(runs);
        return moment;
    }

    private static boolean reached(ViewRun run, int threshold) {
        return run != null && run.getNotifiedAt() == 0 && run.getCount() >= threshold;
    }

    private ViewRun count(Map<String, ViewRun> runs, String key, long t) {
        ViewRun run = runs.get(key);
        if (run == null || t - run.getFirstAt() > windowMs) {
            run =
                    ViewRun.newBuilder()
                            .setCount(1)
                            .setFirstAt(t)
                            .setLastAt(t)
                            .setNotifiedAt(0)
                            .build();
            runs.put(key, run);
            return run;
        }
        if (run.getLastAt() - t > windowMs) {
            return run; // a late view from before this run: not part of it
        }
        run.setCount(run.getCount() + 1);
        run.setFirstAt(Math.min(run.getFirstAt(), t));
        run.setLastAt(Math.max(run.getLastAt(), t));
        return run;
    }

    private void evict(Map<String, ViewRun> runs) {
        while (runs.size() > maxTracked) {
            String oldest =
                    runs.entrySet().stream()
                            .min(
                                    Comparator.comparingLong(
                                                    (Map.Entry<String, ViewRun> e) ->
                                                            e.getValue().getLastAt())
                                            .thenComparing(Map.Entry::getKey))
                            .orElseThrow()
                            .getKey();
            runs.remove(oldest);
        }
    }

    /** A purchase ends the runs of the products bought and of their categories. */
    public void onPurchase(CustomerState s, PurchaseEvent purchase) {
        for (OrderLine line : purchase.getLines()) {
            s.getProductViews().remove(PRODUCT_PREFIX + line.getProductId());
            if (line.getCategory() != null) {
                s.getProductViews().remove(CATEGORY_PREFIX + line.getCategory());
            }
        }
    }

    /** The product id or category of a key returned by {@link #observeView}. */
    public static String subjectOf(String key) {
        return key.substring(2);
    }

    /** Whether a key returned by {@link #observeView} is a product's (else a category's). */
    public static boolean isProduct(String key) {
        return key.startsWith(PRODUCT_PREFIX);
    }

    // ---- as a moment rule

    @Override
    public void onEvent(CustomerEvent event, MomentContext turn) {
        if (event.purchase != null) {
            onPurchase(turn.state(), event.purchase);
            return;
        }
        if (event.click == null) {
            return;
        }
        Optional<String> intent = observeView(turn.state(), event.click);
        if (intent.isEmpty()) {
            return;
        }
        String key = intent.get();
        List<Candidate> candidates = new ArrayList<>();
        if (isProduct(key)) {
            String product = subjectOf(key);
            for (OfferCatalogEntry offer : turn.catalog().offersOf(product)) {
                if (OfferCatalog.answers(offer, Trigger.BROWSE_INTENT)) {
                    candidates.add(new Candidate(offer, "viewed " + product + " again and again"));
                }
            }
        } else {
            String category = subjectOf(key);
            for (OfferCatalogEntry offer : turn.catalog().forTrigger(Trigger.BROWSE_INTENT)) {
                if (category.equals(offer.getCategory()) && offer.getProductId() == null) {
                    candidates.add(new Candidate(offer, "keeps browsing " + category));
                }
            }
        }
        if (!candidates.isEmpty()) {
            turn.decide(
                    new Moment(Trigger.BROWSE_INTENT, event.eventId, event.eventTime, true,
                            "repeated views of " + subjectOf(key) + " without a purchase", candidates,
                            Map.of("browsed", subjectOf(key))));
        }
    }
}
