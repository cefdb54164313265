package io.kairos.customer;

import io.kairos.churn.BgNbdParameters;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The knobs of the customer model: profile, lifecycle, value pyramid and churn early warning.
 * Validated once at start-up ({@link #validate()}); the job reads them from {@code kairos.customer.*},
 * {@code kairos.pyramid.*} and {@code kairos.churn.*} options.
 */
public final class CustomerModelSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Time constants of the decayed activity rates, shortest first (e.g. 7 and 90 days). */
    public final List<Duration> activityHorizons;
    /** Clicks further apart than this belong to different sessions. */
    public final Duration sessionGap;
    public final Duration affinityHalfLife;
    /** Most categories kept per customer; the weakest gives way. */
    public final int affinityTopK;
    /** Inter-purchase gaps kept: the customer's own rhythm is their median. */
    public final int rhythmGaps;
    /** A LOYAL customer has at least this many purchases within {@link #loyalWindow}. */
    public final int loyalMinPurchases;
    public final Duration loyalWindow;
    /** A buyer without a purchase for this long leaves the active pyramid (INACTIVE). */
    public final Duration inactiveAfter;
    /** Half-life of the spend that ranks customers in the value pyramid. */
    public final Duration valueHalfLife;
    /**
     * An active buyer's segment is looked at again at least this often without events: the
     * pyramid moves with the population and the customer's own spend decays.
     */
    public final Duration segmentReview;

    /** Silence: overdue after this many times the customer's own gap. */
    public final double silenceFactor;
    /** The gap assumed for a customer with a single purchase (no rhythm of their own yet). */
    public final Duration defaultPurchaseGap;
    /** Gaps shorter than this count as this long: two orders on one evening are not a rhythm. */
    public final Duration minPurchaseGap;
    /** The churn probability is that of no purchase within this horizon. */
    public final Duration horizon;
    /** A purchase this soon after the previous one belongs to the same buying occasion. */
    public final Duration occasionGap;
    /** Highest Erlang order k of a regular buyer's gaps (1: BG/NBD's exponential gaps only). */
    public final int maxRegularity;
    /** Gaps (and repeat occasions) a customer needs before their own regularity counts. */
    public final int regularityMinGaps;
    /** The prior's ratio P(k+1)/P(k) over the Erlang order of a customer's gaps (1: flat). */
    public final double regularityPrior;
    /** Whether visits (sessions) are evidence of being alive, and their silence of having left. */
    public final boolean visitEvidence;
    /** The buy-till-you-die model's parameters (time unit: days); refit with {@code ./kairos fit-churn}. */
    public final BgNbdParameters bgNbd;
    /** ε: a customer who dropped out buys at this share of their rate (0: gone for good). */
    public final double dormantRate;
    public final Duration negativeCueHalfLife;
    /** Log-likelihood ratio of having left per unit of decayed negative cues (0: cues do not count). */
    public final double cueWeight;
    /** P(left) = 1 − P(alive) at or above this enters risk; ... */
    public final double riskEnter;
    /** ... and only at or below this leaves it again (hysteresis). */
    public final double riskExit;

    /** Customers silent for this long are removed from state (they are gone for good). */
    public final Duration stateRetention;
    /** After a forget-me, events for the same id are ignored for this long. */
    public final Duration forgetRetention;
    /** The Redis profile expires this long after the customer was last seen. */
    public final Duration profileTtl;
    /** An unchanged profile is still republished this often while the customer is active. */
    public final Duration profileRefresh;

    private CustomerModelSettings(Builder b) {
        activityHorizons = List.copyOf(b.activityHorizons);
        sessionGap = b.sessionGap;
        affinityHalfLife = b.affinityHalfLife;
        affinityTopK = b.affinityTopK;
        rhythmGaps = b.rhythmGaps;
        loyalMinPurchases = b.loyalMinPurchases;
        loyalWindow = b.loyalWindow;
        inactiveAfter = b.inactiveAfter;
        valueHalfLife = b.valueHalfLife;
        segmentReview = b.segmentReview;
        silenceFactor = b.silenceFactor;
        defaultPurchaseGap = b.defaultPurchaseGap;
        minPurchaseGap = b.minPurchaseGap;
        horizon = b.horizon;
        occasionGap = b.occasionGap;
        maxRegularity = b.maxRegularity;
        regularityMinGaps = b.regularityMinGaps;
        regularityPrior = b.regularityPrior;
        dormantRate = b.dormantRate;
        visitEvidence = b.visitEvidence;
        bgNbd = java.util.Objects.requireNonNull(b.bgNbd, "BG/NBD parameters");
        negativeCueHalfLife = b.negativeCueHalfLife;
        cueWeight = b.cueWeight;
        riskEnter = b.riskEnter;
        riskExit = b.riskExit;
        stateRetention = b.stateRetention;
        forgetRetention = b.forgetRetention;
        profileTtl = b.profileTtl;
        profileRefresh = b.profileRefresh;
        validate();
    }

    public static CustomerModelSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.activityHorizons = activityHorizons;
        b.sessionGap = sessionGap;
        b.affinityHalfLife = affinityHalfLife;
        b.affinityTopK = affinityTopK;
        b.rhythmGaps = rhythmGaps;
        b.loyalMinPurchases = loyalMinPurchases;
        b.loyalWindow = loyalWindow;
        b.inactiveAfter = inactiveAfter;
        b.valueHalfLife = valueHalfLife;
        b.segmentReview = segmentReview;
        b.silenceFactor = silenceFactor;
        b.defaultPurchaseGap = defaultPurchaseGap;
        b.minPurchaseGap = minPurchaseGap;
        b.horizon = horizon;
        b.occasionGap = occasionGap;
        b.maxRegularity = maxRegularity;
        b.regularityMinGaps = regularityMinGaps;
        b.regularityPrior = regularityPrior;
        b.dormantRate = dormantRate;
        b.visitEvidence = visitEvidence;
        b.bgNbd = bgNbd;
        b.negativeCueHalfLife = negativeCueHalfLife;
        b.cueWeight = cueWeight;
        b.riskEnter = riskEnter;
        b.riskExit = riskExit;
        b.stateRetention = stateRetention;
        b.forgetRetention = forgetRetention;
        b.profileTtl = profileTtl;
        b.profileRefresh = profileRefresh;
        return b;
    }

    /** Throws IllegalArgumentException naming the first setting that cannot work. */
    public void validate() {
        if (activityHorizons.size() < 2) {
            throw new IllegalArgumentException(
                    "kairos.customer.activity-horizons needs a short and a long horizon (at least 2), got " + activityHorizons);
        }
        for (int i = 0; i < activityHorizons.size(); i++) {
            positive("kairos.customer.activity-horizons", activityHorizons.get(i));
            if (i > 0 && activityHorizons.get(i).compareTo(activityHorizons.get(i - 1)) <= 0) {
                throw new IllegalArgumentException(
                        "kairos.customer.activity-horizons must be increasing, shortest first: " + activityHorizons);
            }
        }
        positive("kairos.customer.session-gap", sessionGap);
        positive("kairos.customer.affinity-half-life", affinityHalfLife);
        positive("kairos.pyramid.inactive-after", inactiveAfter);
        positive("kairos.pyramid.value-half-life", valueHalfLife);
        positive("kairos.pyramid.segment-review", segmentReview);
        positive("kairos.churn.default-purchase-gap", defaultPurchaseGap);
        positive("kairos.churn.min-purchase-gap", minPurchaseGap);
        positive("kairos.churn.horizon", horizon);
        positive("kairos.churn.occasion-gap", occasionGap);
        if (maxRegularity < 1 || maxRegularity > 50) {
            throw new IllegalArgumentException("kairos.churn.max-regularity must be between 1 and 50, was " + maxRegularity);
        }
        if (regularityMinGaps < 2 || regularityMinGaps > rhythmGaps) {
            throw new IllegalArgumentException("kairos.churn.regularity-min-gaps must be between 2 and " + rhythmGaps
                    + " (the gaps kept), was " + regularityMinGaps);
        }
        if (!(regularityPrior > 0 && regularityPrior <= 1)) {
            throw new IllegalArgumentException("kairos.churn.regularity-prior must be in (0, 1], was " + regularityPrior);
        }
        if (!(dormantRate >= 0 && dormantRate < 0.5)) {
            throw new IllegalArgumentException("kairos.churn.bgnbd.dormant-rate must be in [0, 0.5), was " + dormantRate);
        }
        positive("kairos.churn.negative-cue-half-life", negativeCueHalfLife);
        if (!(cueWeight >= 0 && cueWeight <= 100)) {
            throw new IllegalArgumentException("kairos.churn.cue-weight must be between 0 and 100, was " + cueWeight);
        }
        positive("kairos.customer.state-retention", stateRetention);
        positive("kairos.customer.forget-retention", forgetRetention);
        positive("kairos.customer.profile-ttl", profileTtl);
        positive("kairos.customer.profile-refresh", profileRefresh);
        positive("kairos.customer.loyal-window", loyalWindow);
        if (affinityTopK < 1) {
            throw new IllegalArgumentException("kairos.customer.affinity-top-k must be at least 1, was " + affinityTopK);
        }
        if (rhythmGaps < 1) {
            throw new IllegalArgumentException("rhythm gaps must be at least 1, was " + rhythmGaps);
        }
        if (loyalMinPurchases < 2 || loyalMinPurchases - 1 > rhythmGaps) {
            throw new IllegalArgumentException(
                    "kairos.customer.loyal-min-purchases must be between 2 and " + (rhythmGaps + 1)
                            + ", was " + loyalMinPurchases);
        }
        if (!(silenceFactor > 1)) {
            throw new IllegalArgumentException("kairos.churn.silence-factor must be above 1, was " + silenceFactor);
        }
        share("kairos.churn.risk-enter", riskEnter);
        share("kairos.churn.risk-exit", riskExit);
        if (riskExit >= riskEnter) {
            throw new IllegalArgumentException(
                    "kairos.churn.risk-exit (" + riskExit + ") must be below kairos.churn.risk-enter (" + riskEnter
                            + "), or customers flap in and out of risk");
        }
        if (stateRetention.compareTo(inactiveAfter) < 0) {
            throw new IllegalArgumentException(
                    "kairos.customer.state-retention (" + stateRetention + ") must not be shorter than kairos.pyramid.inactive-after ("
                            + inactiveAfter + ")");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    private static void share(String name, double v) {
        if (!(v > 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1 (exclusive), was " + v);
        }
    }

    public Duration shortHorizon() {
        return activityHorizons.get(0);
    }

    public Duration longHorizon() {
        return activityHorizons.get(activityHorizons.size() - 1);
    }

    /** Defaults are the documented values of the {@code kairos.customer/churn/pyramid} options. */
    public static final class Builder {
        public List<Duration> activityHorizons = List.of(Duration.ofDays(7), Duration.ofDays(90));
        public Duration sessionGap = Duration.ofMinutes(30);
        public Duration affinityHalfLife = Duration.ofDays(30);
        public int affinityTopK = 5;
        public int rhythmGaps = 5;
        public int loyalMinPurchases = 3;
        public Duration loyalWindow = Duration.ofDays(365);
        public Duration inactiveAfter = Duration.ofDays(365);
        public Duration valueHalfLife = Duration.ofDays(365);
        public Duration segmentReview = Duration.ofDays(1);
        public double silenceFactor = 2.0;
        public Duration defaultPurchaseGap = Duration.ofDays(90);
        public Duration minPurchaseGap = Duration.ofDays(1);
        public Duration horizon = Duration.ofDays(90);
        public Duration occasionGap = Duration.ofDays(1);
        public int maxRegularity = 8;
        public int regularityMinGaps = 3;
        public double regularityPrior = 1.0;
        public double dormantRate = 0;
        public boolean visitEvidence = true;
        public BgNbdParameters bgNbd = BgNbdParameters.defaults();
        public Duration negativeCueHalfLife = Duration.ofDays(14);
        public double cueWeight = 12;
        public double riskEnter = 0.94;
        public double riskExit = 0.8;
        public Duration stateRetention = Duration.ofDays(730);
        public Duration forgetRetention = Duration.ofDays(90);
        public Duration profileTtl = Duration.ofDays(90);
        public Duration profileRefresh = Duration.ofHours(1);

        private Builder() {}

        public CustomerModelSettings build() {
            return new CustomerModelSettings(this);
        }
    }
}
