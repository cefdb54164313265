package io.kairos.policy;

import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listening to what customers do with messages: after a conversion the offer is not sent again for
 * {@code afterConversion}; after {@code dismissalsPerOffer} dismissals of one offer it is not sent
 * for {@code afterDismissals}; after {@code dismissalsOverall} dismissals of any offers within
 * {@code dismissalWindow}, no promotional message is sent for {@code afterDismissals}.
 *
 * <p><b>Keys of {@code suppressedUntil}</b> (event time until which, exclusive, a suppression
 * holds) say which rule set them, so that the reason can be reported:
 *
 * <ul>
 *   <li>{@code "conv:<offerId>"}: the offer converted ({@link
 *       ContactPolicy.Suppression#AFTER_CONVERSION});
 *   <li>{@code "dism:<offerId>"}: the offer was dismissed repeatedly ({@link
 *       ContactPolicy.Suppression#AFTER_DISMISSALS});
 *   <li>{@code "dism:*"}: offers were dismissed repeatedly: every non-transactional message.
 * </ul>
 *
 * <p>{@code dismissals} counts per offer id the dismissals since the offer was last suppressed or
 * converted (bounded to {@link #MAX_COUNTED_OFFERS}); {@code recentDismissals} keeps the times of
 * the latest dismissals within the window, oldest first.
 *
 * <p><b>Transactional messages</b> bypass the blanket {@code "dism:*"} suppression (the customer
 * tired of promotions, not of service messages), but not a suppression of that very offer: a
 * customer who converted it or dismissed it repeatedly told us about exactly that message.
 *
 * <p>A duration of zero turns its rule off; counts must be at least 1.
 */
public final class ResponseSuppression implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String CONVERSION_PREFIX = "conv:";
    public static final String DISMISSAL_PREFIX = "dism:";
    public static final String ALL_PROMOTIONAL = DISMISSAL_PREFIX + "*";

    /** Offers whose dismissals are counted per customer; the least dismissed give way. */
    public static final int MAX_COUNTED_OFFERS = 16;

    /** Upper bound of {@code dismissalsOverall}: the dismissal times kept per customer. */
    public static final int MAX_RECENT_DISMISSALS = 32;

    private final long afterConversionMs;
    private final int dismissalsPerOffer;
    private final int dismissalsOverall;
    private final long dismissalWindowMs;
    private final long afterDismissalsMs;

    public ResponseSuppression(
            Duration afterConversion,
            int dismissalsPerOffer,
            int dismissalsOverall,
            Duration dismissalWindow,
            Duration afterDismissals) {
        this.afterConversionMs = notNegative(afterConversion, "suppression after a conversion");
        this.afterDismissalsMs = notNegative(afterDismissals, "suppression after dismissals");
        if (dismissalsPerOffer < 1) {
            throw new IllegalArgumentException(
                    "dismissals per offer before suppression must be at least 1: "
                            + dismissalsPerOffer);
        }
        if (dismissalsOverall < 1 || dismissalsOverall > MAX_RECENT_DISMISSALS) {
            throw new IllegalArgumentException(
                    "dismissals overall before suppression must be between 1 and "
                            + MAX_RECENT_DISMISSALS
                            + ": "
                            + dismissalsOverall);
        }
        if (dismissalWindow == null || dismissalWindow.isNegative() || dismissalWindow.isZero()) {
            throw new IllegalArgumentException(
                    "dismissal window must be positive: " + dismissalWindow);
        }
        this.dismissalsPerOffer = dismissalsPerOffer;
        this.dismissalsOverall = dismissalsOverall;
        this.dismissalWindowMs = dismissalWindow.toMillis();
    }

    private static long notNegative(Duration d, String setting) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(setting + " must not be negative: " + d);
        }
        return d.toMillis();
    }

    /** The customer converted {@code offerId} at {@code at}. */
    public void onConverted(CustomerState s, String offerId, long at) {
        suppress(s, CONVERSION_PREFIX + offerId, at + afterConversionMs);
        s.getDismissals().remove(offerId);
    }

    /** The customer dismissed {@code offerId} at {@code at}. */
    public void onDismissed(CustomerState s, String offerId, long at) {
        Map<String, Integer> counts = s.getDismissals();
        int count = counts.getOrDefault(offerId, 0) + 1;
        if (count >= dismissalsPerOffer) {
            suppress(s, DISMISSAL_PREFIX + offerId, at + afterDismissalsMs);
            counts.remove(offerId);
        } else {
            counts.put(offerId, count);
            while (counts.size() > MAX_COUNTED_OFFERS) {
                String least =
                        Collections.min(
                                        counts.entrySet(),
                                        Map.Entry.<String, Integer>comparingByValue()
                                                .thenComparing(Map.Entry.comparingByKey()))
                                .getKey();
                counts.remove(least);
            }
        }

        List<Long> times = s.getRecentDismissals();
        int i = times.size();
        while (i > 0 && times.get(i - 1) > at) {
            i--;
        }
        times.add(i, at); // sorted, also for late events
        long newest = times.get(times.size() - 1);
        AvroLists.removeIf(times, t -> t <= newest - dismissalWindowMs);
        while (times.size() > dismissalsOverall) {
            times.remove(0);
        }
        if (times.size() >= dismissalsOverall) {
            suppress(s, ALL_PROMOTIONAL, newest + afterDismissalsMs);
            times.clear(); // the next blanket suppression takes as many new dismissals
        }
    }

    private static void suppress(CustomerState s, String key, long until) {
        s.getSuppressedUntil().merge(key, until, Math::max);
    }

    /**
     * Why {@code offerId} may not be sent at {@code at}, or empty: a conversion first, then
     * dismissals of the offer, then (unless transactional) dismissals overall.
     */
    public Optional<ContactPolicy.Suppression> check(
            CustomerState s, String offerId, boolean transactional, long at) {
        Map<String, Long> until = s.getSuppressedUntil();
        if (holds(until.get(CONVERSION_PREFIX + offerId), at)) {
            return Optional.of(ContactPolicy.Suppression.AFTER_CONVERSION);
        }
        if (holds(until.get(DISMISSAL_PREFIX + offerId), at)
                || (!transactional && holds(until.get(ALL_PROMOTIONAL), at))) {
            return Optional.of(ContactPolicy.Suppression.AFTER_DISMISSALS);
        }
        return Optional.empty();
    }

    private static boolean holds(Long until, long at) {
        return until != null && at < until;
    }

    /** Drops suppressions that have ended by {@code at} and dismissals older than the window. */
    public void prune(CustomerState s, long at) {
        s.getSuppressedUntil().values().removeIf(until -> until <= at);
        AvroLists.removeIf(s.getRecentDismissals(), t -> t <= at - dismissalWindowMs);
    }

    /** The earliest end of a suppression in force, 0 if none (e.g. to schedule a prune). */
    public static long nextExpiry(CustomerState s) {
        return s.getSuppressedUntil().values().stream().mapToLong(Long::longValue).min().orElse(0);
    }
}
