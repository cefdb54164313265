package io.kairos.customer;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.OfferResponse;
import io.kairos.events.PersonalizedMessage;
import io.kairos.state.CartLine;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How each event changes a customer's state. Plain functions on the Avro state record, so the
 * rules can be read and tested without Flink; the keyed operator only loads and stores.
 */
public final class CustomerProfile {
    private CustomerProfile() {}


    /** Weights of churn cues in the decayed negative-cue score. */
    static final double CUE_UNSUBSCRIBE_PAGE = 1.0;
    static final double CUE_COMPLAINT = 1.0;
    static final double CUE_SUPPORT_PAGE = 0.35;
    static final double CUE_DISMISSAL = 0.25;

    /** Interest weights of what a customer does with a category. */
    static final double AFFINITY_VIEW = 1.0;
    static final double AFFINITY_CART = 3.0;
    static final double AFFINITY_PURCHASE = 5.0;

    /** A customer we have not seen before. Collections are mutable copies: Avro defaults may not be. */
    public static CustomerState newCustomer(long eventTime) {
        return CustomerState.newBuilder()
                .setFirstSeen(eventTime)
                .setLastSeen(eventTime)
                .setConsents(new HashMap<>())
                .setCart(new HashMap<>())
                .setPurchaseGaps(new ArrayList<>())
                .setViewRates(new ArrayList<>())
                .setSessionRates(new ArrayList<>())
                .setPurchaseRates(new ArrayList<>())
                .setCategoryAffinity(new HashMap<>())
                .setRecentContacts(new ArrayList<>())
                .setChurnReasons(new ArrayList<>())
                .setDecayedAsOf(eventTime)
                .build();
    }

    /**
     * A customer after an operator's RESET: what they told us stays (consents, name, birthday,
     * time zone, when they registered and were first seen); everything the engine learned from
     * their behaviour (value, rhythm, affinities, lifecycle, segment, churn risk, cart, contacts)
     * starts again at {@code time}.
     */
    public static CustomerState resetKeepingWhatTheyToldUs(CustomerState old, long time) {
        CustomerState fresh = newCustomer(time);
        fresh.setFirstSeen(old.getFirstSeen());
        fresh.setRegisteredAt(old.getRegisteredAt());
        fresh.setFirstName(old.getFirstName());
        fresh.setConsents(new HashMap<>(old.getConsents()));
        fresh.setBirthday(old.getBirthday());
        fresh.setTimeZone(old.getTimeZone());
        // Not republished as new unless it differs; an older view never replaces it in Redis.
        fresh.setPublishedAt(old.getPublishedAt());
        return fresh;
    }

    /**
     * Brings every decayed quantity to {@code time} if it is later than their "as of" time. Also
     * sizes the rate arrays to the configured horizons (a changed configuration after a restore
     * starts the rates afresh rather than mixing time constants).
     */
    public static void decayTo(CustomerState s, long time, CustomerModelSettings settings) {
        int horizons = settings.activityHorizons.size();
        if (s.getViewRates().size() != horizons) {
            s.setViewRates(zeros(horizons));
            s.setSessionRates(zeros(horizons));
            s.setPurchaseRates(zeros(horizons));
        }
        long asOf = s.getDecayedAsOf();
        if (time <= asOf) {
            return;
        }
        long elapsed = time - asOf;
        for (int i = 0; i < horizons; i++) {
            double f = Decay.factor(elapsed, settings.activityHorizons.get(i));
            s.getViewRates().set(i, s.getViewRates().get(i) * f);
            s.getSessionRates().set(i, s.getSessionRates().get(i) * f);
            s.getPurchaseRates().set(i, s.getPurchaseRates().get(i) * f);
        }
        s.setNegativeCues(s.getNegativeCues() * Decay.factor(elapsed, Decay.tauOfHalfLife(settings.negativeCueHalfLife)));
        double fa = Decay.factor(elapsed, Decay.tauOfHalfLife(settings.affinityHalfLife));
        s.getCategoryAffinity().replaceAll((category, score) -> score * fa);
        s.setDecayedAsOf(time);
    }

    private static List<Double> zeros(int n) {
        return new ArrayList<>(Collections.nCopies(n, 0.0));
    }

    /** Adds one occurrence at {@code eventTime} to decayed counts kept as of {@code s.decayedAsOf}. */
    private static void count(
            List<Double> rates, CustomerState s, long eventTime, CustomerModelSettings settings) {
        for (int i = 0; i < rates.size(); i++) {
            rates.set(
                    i,
                    rates.get(i)
                            + Decay.weight(eventTime, s.getDecayedAsOf(), settings.activityHorizons.get(i)));
        }
    }

    /**
     * A click's effect on activity: product views, sessions (a new session id, or a gap longer
     * than the session gap), category interest and churn cues.
     */
    public static void applyClick(CustomerState s, ClickEvent click, CustomerModelSettings settings) {
        long t = click.getEventTime();
        int key = click.getSessionId() == null ? 0 : click.getSessionId().toString().hashCode();
        boolean newSession =
                s.getLastClickAt() == 0
                        || t - s.getLastClickAt() > settings.sessionGap.toMillis()
                        || (key != 0 && key != s.getSessionKey() && t >= s.getLastClickAt());
        if (newSession) {
            count(s.getSessionRates(), s, t, settings);
        }
        if (t >= s.getLastClickAt()) {
            s.setLastClickAt(t);
            if (key != 0) {
                s.setSessionKey(key);
            }
        }
        switch (click.getType()) {
            case PRODUCT_VIEW:
                count(s.getViewRates(), s, t, settings);
                addAffinity(s, click.getCategory(), AFFINITY_VIEW, t, settings);
                break;
            case ADD_TO_CART:
                addAffinity(s, click.getCategory(), AFFINITY_CART, t, settings);
                break;
            case SUPPORT_PAGE:
                addCue(s, CUE_SUPPORT_PAGE, t, settings);
                break;
            case UNSUBSCRIBE_PAGE:
                addCue(s, CUE_UNSUBSCRIBE_PAGE, t, settings);
                break;
            default:
                break;
        }
    }

    /** Whether the customer is in a session at {@code time} (their last click is recent). */
    public static boolean inSession(CustomerState s, long time, CustomerModelSettings settings) {
        return s.getLastClickAt() != 0
                && time >= s.getLastClickAt()
                && time - s.getLastClickAt() <= settings.sessionGap.toMillis();
    }

    /** A dismissed offer counts as a (weak) churn cue. */
    public static void applyResponse(CustomerState s, OfferResponse response, CustomerModelSettings settings) {
        switch (response.getType()) {
            case DISMISSED:
                addCue(s, CUE_DISMISSAL, response.getEventTime(), settings);
                break;
            default:
                break;
        }
    }

    static void addCue(CustomerState s, double weight, long t, CustomerModelSettings settings) {
        s.setNegativeCues(
                s.getNegativeCues()
                        + weight * Decay.weight(t, s.getDecayedAsOf(), Decay.tauOfHalfLife(settings.negativeCueHalfLife)));
    }

    /** Decayed interest in a category, bounded to the top K: the weakest category gives way. */
    static void addAffinity(
            CustomerState s, CharSequence category, double weight, long t, CustomerModelSettings settings) {
        if (category == null) {
            return;
        }
        Map<String, Double> affinity = s.getCategoryAffinity();
        String name = category.toString();
        double add = weight * Decay.weight(t, s.getDecayedAsOf(), Decay.tauOfHalfLife(settings.affinityHalfLife));
        Double current = affinity.get(name);
        affinity.put(name, (current == null ? 0.0 : current) + add);
        while (affinity.size() > settings.affinityTopK) {
            String weakest =
                    Collections.min(
                            affinity.entrySet(),
                            Map.Entry.<String, Double>comparingByValue()
                                    .thenComparing(e -> e.getKey(), Comparator.reverseOrder()))
                            .getKey();
            affinity.remove(weakest);
        }
    }

    /** Categories by decayed interest, strongest first (ties by name, so the order is stable). */
    public static List<String> topCategories(CustomerState s, int n) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(s.getCategoryAffinity().entrySet());
        entries.sort(
                Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(e -> e.getKey()));
        List<String> top = new ArrayList<>();
        for (int i = 0; i < Math.min(n, entries.size()); i++) {
            top.add(entries.get(i).getKey());
        }
        return top;
    }

    /**
     * Counts a purchase in the rhythm (the gap since the previous purchase, bounded list), the
     * purchase rates, the value score and category interest. Call before {@link #applyPurchase},
     * which moves "last purchase".
     */
    public static void applyPurchaseActivity(
            CustomerState s, PurchaseEvent purchase, double orderValue, CustomerModelSettings settings) {
        long t = purchase.getEventTime();
        if (s.getPurchaseCount() == 0) {
            s.setPurchaseOccasions(1);
        } else if (t - s.getLastPurchaseAt() >= settings.occasionGap.toMillis()) {
            // A new buying occasion; one closer to the previous purchase (an order split in two,
            // or one a little out of order) is part of that purchase's occasion.
            s.setPurchaseOccasions(occasions(s) + 1);
            long gap = t - s.getLastPurchaseAt();
            List<Long> gaps = s.getPurchaseGaps();
            gaps.add(gap);
            while (gaps.size() > settings.rhythmGaps) {
                gaps.remove(0);
            }
        }
        if (s.getFirstPurchaseAt() == 0 || t < s.getFirstPurchaseAt()) {
            s.setFirstPurchaseAt(t);
        }
        count(s.getPurchaseRates(), s, t, settings);
        s.setValueScore(
                ValueScore.addPurchase(
                        s.getValueScore(),
                        // back after lapsing out of the active pyramid: starts afresh, as the
                        // population's CustomerValueTracker does, so both rank alike
                        s.getPurchaseCount() > 0 && t - s.getLastPurchaseAt() < settings.inactiveAfter.toMillis(),
                        orderValue, t, settings.valueHalfLife));
        for (OrderLine line : purchase.getLines()) {
            addAffinity(s, line.getCategory(), AFFINITY_PURCHASE, t, settings);
        }
    }

    /**
     * Buying occasions: purchases closer than {@code kairos.churn.occasion-gap} to the previous one
     * count with it. State written before occasions were counted has only the purchase count.
     */
    public static int occasions(CustomerState s) {
        return s.getPurchaseOccasions() > 0 ? s.getPurchaseOccasions() : s.getPurchaseCount();
    }

    /** The customer's typical gap between buying occasions: the median of the kept gaps, floored. */
    public static long typicalGapMillis(CustomerState s, CustomerModelSettings settings) {
        List<Long> gaps = s.getPurchaseGaps();
        if (gaps.isEmpty()) {
            return settings.defaultPurchaseGap.toMillis();
        }
        List<Long> sorted = new ArrayList<>(gaps);
        Collections.sort(sorted);
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return Math.max(median, settings.minPurchaseGap.toMillis());
    }

    /** Events may arrive out of order: last seen only moves forward. */
    public static void touch(CustomerState s, long eventTime) {
        s.setLastSeen(Math.max(s.getLastSeen(), eventTime));
        if (s.getFirstSeen() == 0 || eventTime < s.getFirstSeen()) {
            s.setFirstSeen(eventTime);
        }
    }

    /**
     * Cart lines kept: a cart is for a purchase now, and the state must stay small for a
     * customer who fills carts and never buys. The oldest line gives way.
     */
    public static final int MAX_CART_LINES = 8;

    /** A line left this long is stale (shops clear such carts too); it goes at the next change. */
    public static final long CART_LINE_MAX_AGE_MS = java.time.Duration.ofDays(30).toMillis();

    public static void addToCart(CustomerState s, ClickEvent click) {
        s.getCart().values().removeIf(l -> l.getAddedAt() < click.getEventTime() - CART_LINE_MAX_AGE_MS);
        int quantity = click.getQuantity() == null ? 1 : click.getQuantity();
        CartLine line = s.getCart().get(click.getProductId());
        if (line == null) {
            s.getCart()
                    .put(
                            click.getProductId(),
                            CartLine.newBuilder()
                                    .setQuantity(quantity)
                                    .setUnitPrice(click.getUnitPrice())
                                    .setCategory(click.getCategory())
                                    .setAddedAt(click.getEventTime())
                                    .build());
            while (s.getCart().size() > MAX_CART_LINES) {
                s.getCart().entrySet().stream()
                        .min(java.util.Map.Entry.comparingByValue(java.util.Comparator.comparingLong(CartLine::getAddedAt)))
                        .ifPresent(oldest -> s.getCart().remove(oldest.getKey()));
            }
        } else {
            line.setQuantity(line.getQuantity() + quantity);
            if (click.getUnitPrice() != null) {
                line.setUnitPrice(click.getUnitPrice());
            }
        }
    }

    public static void removeFromCart(CustomerState s, ClickEvent click) {
        CartLine line = s.getCart().get(click.getProductId());
        if (line == null) {
            return;
        }
        int remaining = line.getQuantity() - (click.getQuantity() == null ? line.getQuantity() : click.getQuantity());
        if (remaining <= 0) {
            s.getCart().remove(click.getProductId());
        } else {
            line.setQuantity(remaining);
        }
    }

    /** The order's value: the sum over its lines of quantity times unit price. */
    public static double orderValue(PurchaseEvent purchase) {
        double value = 0;
        for (OrderLine line : purchase.getLines()) {
            value += line.getQuantity() * line.getUnitPrice();
        }
        return value;
    }

    /** Counts the order and takes what was bought out of the cart. Returns the order value. */
    public static double applyPurchase(CustomerState s, PurchaseEvent purchase) {
        double value = 0;
        for (OrderLine line : purchase.getLines()) {
            value += line.getQuantity() * line.getUnitPrice();
            s.getCart().remove(line.getProductId());
        }
        s.setPurchaseCount(s.getPurchaseCount() + 1);
        s.setPurchaseValue(s.getPurchaseValue() + value);
        s.setLastPurchaseAt(Math.max(s.getLastPurchaseAt(), purchase.getEventTime()));
        return value;
    }

    /** Applies consent and registration details. FORGET_ME is the operator's job (all state). */
    public static void applyUpdate(CustomerState s, CustomerUpdate update) {
        switch (update.getType()) {
            case REGISTRATION:
                if (update.getFirstName() != null) {
                    s.setFirstName(update.getFirstName());
                }
                break;
            case CONSENT_GRANTED:
                s.getConsents().put(update.getChannel().name(), true);
                break;
            case CONSENT_REVOKED:
                s.getConsents().put(update.getChannel().name(), false);
                break;
            case BIRTHDAY:
                s.setBirthday(update.getBirthday());
                break;
            case TIME_ZONE:
                s.setTimeZone(update.getTimeZone());
                break;
            default:
                // COMPLAINT is a churn cue (applyComplaint); FORGET_ME and RESET are the operator's job.
                break;
        }
        if (update.getType() == io.kairos.events.CustomerUpdateType.REGISTRATION
                && (s.getRegisteredAt() == 0 || update.getEventTime() < s.getRegisteredAt())) {
            s.setRegisteredAt(update.getEventTime());
        }
    }

    public static void applyComplaint(CustomerState s, CustomerUpdate update, CustomerModelSettings settings) {
        addCue(s, CUE_COMPLAINT, update.getEventTime(), settings);
    }

    /** Opt-in: no consent recorded means no consent. */
    public static boolean hasConsent(CustomerState s, Channel channel) {
        return Boolean.TRUE.equals(s.getConsents().get(channel.name()));
    }

    public static double cartValue(CustomerState s) {
        double total = 0;
        for (CartLine line : s.getCart().values()) {
            total += line.getQuantity() * (line.getUnitPrice() == null ? 0 : line.getUnitPrice());
        }
        return total;
    }
}
