package io.kairos.customer;

import io.kairos.events.CustomerSignal;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OrderLine;
import io.kairos.events.ProfileSnapshot;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.state.LifecycleStage;
import io.kairos.state.ValueSegment;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Knowing each customer: how an event changes the profile ({@link #observe}), and what the
 * profile means at a moment ({@link #assess}): lifecycle stage, value segment, churn risk with
 * hysteresis, the signals for what changed, the Redis profile when it changed, and when to look
 * again if the customer stays silent. Plain Java on the Avro state: the keyed operator loads,
 * calls and stores, and keeps the one timer at {@link Outcome#nextReviewAt}.
 */
public final class CustomerModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Categories shown on the Redis profile. */
    public static final int PROFILE_CATEGORIES = 3;

    private final CustomerModelSettings settings;
    private final ChurnRiskModel churn;

    public CustomerModel(CustomerModelSettings settings) {
        this.settings = settings;
        this.churn = new ChurnRiskModel(settings);
    }

    public CustomerModelSettings settings() {
        return settings;
    }

    public ChurnRiskModel churn() {
        return churn;
    }

    /**
     * Applies one event to the profile: recency, frequency and value, the rhythm, decayed
     * activity, interests, session, cart, consents, birthday and time zone, churn cues. Returns
     * the order value for purchases (0 otherwise).
     */
    public double observe(CustomerState s, CustomerEvent e) {
        CustomerProfile.touch(s, e.eventTime);
        CustomerProfile.decayTo(s, e.eventTime, settings);
        double orderValue = 0;
        if (e.click != null) {
            CustomerProfile.applyClick(s, e.click, settings);
            switch (e.click.getType()) {
                case ADD_TO_CART:
                    CustomerProfile.addToCart(s, e.click);
                    break;
                case REMOVE_FROM_CART:
                    CustomerProfile.removeFromCart(s, e.click);
                    break;
                default:
                    break;
            }
        } else if (e.purchase != null) {
            orderValue = CustomerProfile.orderValue(e.purchase);
            CustomerProfile.applyPurchaseActivity(s, e.purchase, orderValue, settings);
            CustomerProfile.applyPurchase(s, e.purchase);
        } else if (e.update != null) {
            if (e.update.getType() == CustomerUpdateType.COMPLAINT) {
                CustomerProfile.applyComplaint(s, e.update, settings);
            } else {
                CustomerProfile.applyUpdate(s, e.update);
            }
        } else if (e.response != null) {
            CustomerProfile.applyResponse(s, e.response, settings);
        }
        return orderValue;
    }

    /** What an assessment found. */
    public static final class Outcome {
        public final List<CustomerSignal> signals;
        /** The profile for Redis, or null when what channels see has not changed. */
        public final ProfileSnapshot profile;
        /** When to assess again if nothing happens; {@link Long#MAX_VALUE} for never. */
        public final long nextReviewAt;
        public final ChurnRiskModel.Assessment churn;

        Outcome(List<CustomerSignal> signals, ProfileSnapshot profile, long nextReviewAt, ChurnRiskModel.Assessment churn) {
            this.signals = signals;
            this.profile = profile;
            this.nextReviewAt = nextReviewAt;
            this.churn = churn;
        }
    }

    /**
     * Assesses the customer at event time {@code t} (after an event, or at a review timer),
     * updating lifecycle, segment and churn risk in the state.
     *
     * @param thresholds the value pyramid valid at {@code t}, or null before the first one
     * @param cause the event id, or "timer:review", stamped on the signals
     */
    public Outcome assess(
            String customerId, CustomerState s, long t, PyramidThresholds thresholds, String cause) {
        CustomerProfile.decayTo(s, t, settings);
        List<CustomerSignal> signals = new ArrayList<>(2);
        ChurnRiskModel.Assessment risk = churn.assess(s, t);

        LifecycleStage stage = lifecycleAt(s, t);
        if (stage != s.getLifecycle()) {
            signals.add(signal(customerId, t, SignalType.LIFECYCLE_TRANSITION, s.getLifecycle().name(), stage.name(), s, risk.reasons(), cause));
            s.setLifecycle(stage);
        }

        ValueSegment segment = segmentAt(s, t, thresholds);
        if (segment != s.getSegment()) {
            signals.add(signal(customerId, t, SignalType.SEGMENT_MOVEMENT, s.getSegment().name(), segment.name(), s, risk.reasons(), cause));
            s.setSegment(segment);
        }

        s.setChurnRisk(risk.pChurn);
        // The reasons are formatted only for what carries them (a published profile, a signal),
        // not kept in state: formatting them at every assessment was a tenth of the operator's
        // time, and the state was rewritten with them at every event. States from before keep
        // an old list here; it is cleared once.
        if (!s.getChurnReasons().isEmpty()) {
            s.setChurnReasons(new ArrayList<>());
        }
        // The flag is P(left), not pChurn (see ChurnRiskModel.Assessment#risk). Hysteresis: enter
        // at riskEnter (a review at the crossing found by the search is at or just past it),
        // leave only at riskExit or below.
        if (!s.getAtRisk() && risk.risk >= settings.riskEnter - 1e-9) {
            s.setAtRisk(true);
            signals.add(signal(customerId, t, SignalType.CHURN_RISK_ENTERED, null, null, s, risk.reasons(), cause));
        } else if (s.getAtRisk() && risk.risk <= settings.riskExit) {
            s.setAtRisk(false);
            signals.add(signal(customerId, t, SignalType.CHURN_RISK_CLEARED, null, null, s, risk.reasons(), cause));
        }

        return new Outcome(signals, profileIfChanged(customerId, s, risk, t), nextReviewAt(s, t), risk);
    }

    /** Prospect, intending (product views or a cart), purchasing, loyal, lapsed (overdue). */
    public LifecycleStage lifecycleAt(CustomerState s, long t) {
        if (s.getPurchaseCount() == 0) {
            boolean intent =
                    s.getLifecycle() == LifecycleStage.INTENDING
                            || !s.getCart().isEmpty()
                            || s.getViewRates().stream().anyMatch(r -> r > 0);
            return intent ? LifecycleStage.INTENDING : LifecycleStage.PROSPECT;
        }
        if (t >= churn.overdueAt(s)) {
            return LifecycleStage.LAPSED;
        }
        return isLoyal(s) ? LifecycleStage.LOYAL : LifecycleStage.PURCHASING;
    }

    /** At least loyalMinPurchases purchases, the latest of them within the loyal window. */
    private boolean isLoyal(CustomerState s) {
        int needed = settings.loyalMinPurchases;
        List<Long> gaps = s.getPurchaseGaps();
        if (s.getPurchaseCount() < needed || gaps.size() < needed - 1) {
            return false;
        }
        long span = 0;
        for (int i = gaps.size() - (needed - 1); i < gaps.size(); i++) {
            span += gaps.get(i);
        }
        return span <= settings.loyalWindow.toMillis();
    }

    /** Prospect (never bought), inactive (no purchase within inactive-after), else by the pyramid. */
    public ValueSegment segmentAt(CustomerState s, long t, PyramidThresholds thresholds) {
        if (s.getPurchaseCount() == 0) {
            return ValueSegment.PROSPECT;
        }
        if (t - s.getLastPurchaseAt() >= settings.inactiveAfter.toMillis()) {
            return ValueSegment.INACTIVE;
        }
        if (thresholds == null) {
            return ValueSegment.LOW; // no population yet to be above
        }
        return thresholds.segmentOf(s.getValueScore());
    }

    private long nextReviewAt(CustomerState s, long t) {
        long next = retentionEndsAt(s);
        long overdueAt = churn.overdueAt(s); // LAPSED
        if (overdueAt > t) {
            next = Math.min(next, overdueAt);
        }
        if (s.getPurchaseCount() > 0) {
            long inactiveAt = s.getLastPurchaseAt() + settings.inactiveAfter.toMillis();
            if (inactiveAt > t) {
                next = Math.min(next, inactiveAt);
                // Still in the active pyramid: the thresholds move, the spend decays.
                next = Math.min(next, t + settings.segmentReview.toMillis());
            }
        }
        // P(left) reaches the enter level: searched only up to the review due anyway, which
        // looks again (for an active buyer that is a day away, so mostly one evaluation).
        return Math.min(next, churn.nextCrossing(s, t, next));
    }

    /** When a silent customer's state is dropped as gone for good. */
    public long retentionEndsAt(CustomerState s) {
        return s.getLastSeen() + settings.stateRetention.toMillis();
    }

    private ProfileSnapshot profileIfChanged(String customerId, CustomerState s, ChurnRiskModel.Assessment churn, long t) {
        List<String> categories = CustomerProfile.topCategories(s, PROFILE_CATEGORIES);
        // The hash is kept in state and compared in another JVM after a restore: enums by name,
        // since an enum's own hashCode is its identity, new in every JVM (every profile would be
        // republished at its next review after each restore; ProcessFaultsITCase found it).
        int hash =
                Objects.hash(
                        s.getSegment().name(),
                        s.getLifecycle().name(),
                        s.getAtRisk(),
                        Math.round(s.getChurnRisk() * 100),
                        Math.round(churn.pAlive * 100),
                        churn.reasonCount,
                        categories,
                        s.getPurchaseCount(),
                        consentedChannels(s),
                        typicalGapDays(s));
        boolean changed = hash != s.getPublishedProfileHash() || s.getPublishedAt() == 0;
        // Stale by the time it describes, not by the last event: a silent customer's profile is
        // rewritten at each review (a day apart at the least, kairos.pyramid.segment-review), so
        // its pChurn, P(alive) and updatedAt are never older than a day for a delivery channel.
        boolean stale = t - s.getPublishedAt() >= settings.profileRefresh.toMillis();
        if (!changed && !stale) {
            return null;
        }
        long updatedAt = Math.max(s.getLastSeen(), s.getDecayedAsOf());
        s.setPublishedProfileHash(hash);
        s.setPublishedAt(t);
        return ProfileSnapshot.newBuilder()
                .setCustomerId(customerId)
                .setUpdatedAt(updatedAt)
                .setSegment(s.getSegment().name())
                .setLifecycle(s.getLifecycle().name())
                .setChurnRisk(Math.round(s.getChurnRisk() * 1000) / 1000.0)
                .setAtRisk(s.getAtRisk())
                .setChurnReasons(churn.reasons())
                .setLastSeen(s.getLastSeen())
                .setLastPurchaseAt(s.getLastPurchaseAt())
                .setPurchaseCount(s.getPurchaseCount())
                .setTotalValue(Math.round(s.getPurchaseValue() * 100) / 100.0)
                .setTopCategories(categories)
                .setExpiresAt(s.getLastSeen() + settings.profileTtl.toMillis())
                .setConsents(consentedChannels(s))
                .setTypicalGapDays(typicalGapDays(s))
                .setFirstPurchaseAt(s.getFirstPurchaseAt())
                .setPChurn(Math.round(churn.pChurn * 1000) / 1000.0)
                .setPAlive(Math.round(churn.pAlive * 1000) / 1000.0)
                .setExpectedPurchases(Math.round(churn.expectedPurchases * 1000) / 1000.0)
                .build();
    }

    /** The channels the customer said yes to, in name order (a stable hash and a stable field). */
    private static List<String> consentedChannels(CustomerState s) {
        List<String> yes = new ArrayList<>();
        s.getConsents().forEach((channel, given) -> {
            if (Boolean.TRUE.equals(given)) {
                yes.add(channel.toString());
            }
        });
        java.util.Collections.sort(yes);
        return yes;
    }

    /** The customer's own rhythm in days, one decimal; 0 until there is a gap to measure. */
    private double typicalGapDays(CustomerState s) {
        if (s.getPurchaseGaps().isEmpty()) {
            return 0.0;
        }
        return Math.round(CustomerProfile.typicalGapMillis(s, settings) / 8_640_000.0) / 10.0;
    }

    private static CustomerSignal signal(
            String customerId, long t, SignalType type, String from, String to, CustomerState s, List<String> reasons,
            String cause) {
        String name = customerId + "|" + type + "|" + t + "|" + from + ">" + to;
        return CustomerSignal.newBuilder()
                .setSignalId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
                .setCustomerId(customerId)
                .setEventTime(t)
                .setType(type)
                .setFrom(from)
                .setTo(to)
                .setChurnRisk(Math.round(s.getChurnRisk() * 1000) / 1000.0)
                .setReasons(new ArrayList<>(reasons))
                .setCause(cause)
                .build();
    }
}
