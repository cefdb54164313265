package io.kairos.job;

import io.kairos.churn.BgNbdParameters;
import io.kairos.churn.DormancyFit;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Options of the customer model ({@code kairos.customer.*}, {@code kairos.pyramid.*}, {@code
 * kairos.churn.*}): profile, lifecycle, value pyramid and churn early warning. Part of {@link
 * KairosOptions}.
 */
public final class CustomerOptions {
    public static final ConfigOption<List<Duration>> CUSTOMER_ACTIVITY_HORIZONS =
            key("kairos.customer.activity-horizons")
                    .durationType()
                    .asList()
                    .defaultValues(Duration.ofDays(7), Duration.ofDays(90))
                    .withDescription(
                            "Time constants of the decayed activity rates (views, sessions,"
                                    + " purchases), shortest first, separated by ';'. The first is"
                                    + " the short horizon, the last the long-horizon baseline.");

    public static final ConfigOption<Duration> CUSTOMER_SESSION_GAP =
            key("kairos.customer.session-gap")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription("Clicks further apart than this belong to different sessions.");

    public static final ConfigOption<Duration> CUSTOMER_AFFINITY_HALF_LIFE =
            key("kairos.customer.affinity-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of a customer's interest in a category.");

    public static final ConfigOption<Integer> CUSTOMER_AFFINITY_TOP_K =
            key("kairos.customer.affinity-top-k")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Categories kept per customer; the weakest gives way.");

    public static final ConfigOption<Integer> CUSTOMER_LOYAL_MIN_PURCHASES =
            key("kairos.customer.loyal-min-purchases")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Purchases within kairos.customer.loyal-window that make a customer"
                                    + " LOYAL (2 to 6).");

    public static final ConfigOption<Duration> CUSTOMER_LOYAL_WINDOW =
            key("kairos.customer.loyal-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("The period over which repeat purchases make a customer LOYAL.");

    public static final ConfigOption<Duration> CUSTOMER_STATE_RETENTION =
            key("kairos.customer.state-retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(730))
                    .withDescription(
                            "A customer silent for this long (event time) is removed from state:"
                                    + " gone for good. At least kairos.pyramid.inactive-after.");

    public static final ConfigOption<Duration> CUSTOMER_FORGET_RETENTION =
            key("kairos.customer.forget-retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "After a FORGET_ME, events for the same customer id are dropped for"
                                    + " this long, so late or replayed events bring nothing back.");

    public static final ConfigOption<Duration> CUSTOMER_PROFILE_TTL =
            key("kairos.customer.profile-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("The Redis profile expires this long after the customer was last seen.");

    public static final ConfigOption<Duration> CUSTOMER_PROFILE_REFRESH =
            key("kairos.customer.profile-refresh")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "The Redis profile is written when it changes, and at an event or a review (daily for"
                                    + " a buyer, kairos.pyramid.segment-review) when the one written describes a time at"
                                    + " least this old: its pChurn, P(alive) and updatedAt follow a silent customer too.");

    // ---- Value pyramid ----

    public static final ConfigOption<Double> PYRAMID_TOP_SHARE =
            share("top-share", 0.01, "Share of active buyers in the TOP segment.");

    public static final ConfigOption<Double> PYRAMID_HIGH_SHARE =
            share("high-share", 0.04, "Share of active buyers in the HIGH segment.");

    public static final ConfigOption<Double> PYRAMID_MIDDLE_SHARE =
            share("middle-share", 0.15, "Share of active buyers in the MIDDLE segment; the rest are LOW.");

    public static final ConfigOption<Duration> PYRAMID_INACTIVE_AFTER =
            key("kairos.pyramid.inactive-after")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("A buyer without a purchase for this long is INACTIVE, outside the active pyramid.");

    public static final ConfigOption<Duration> PYRAMID_VALUE_HALF_LIFE =
            key("kairos.pyramid.value-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("Half-life of the spend that ranks customers in the pyramid.");

    public static final ConfigOption<Duration> PYRAMID_PERIOD =
            key("kairos.pyramid.period")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How often (event time) the pyramid thresholds are recomputed from the"
                                    + " population and broadcast.");

    public static final ConfigOption<Duration> PYRAMID_SEGMENT_REVIEW =
            key("kairos.pyramid.segment-review")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "An active buyer's segment is re-evaluated at least this often (event"
                                    + " time) without events of theirs: the pyramid follows the"
                                    + " population, and their own spend decays. One timer per buyer"
                                    + " and interval.");

    public static final ConfigOption<Duration> PYRAMID_MOVEMENT_TTL =
            key("kairos.pyramid.movement-matrix-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("How long a day's movement matrix stays in Redis after the day.");

    // ---- Churn early warning ----

    public static final ConfigOption<Double> CHURN_SILENCE_FACTOR =
            key("kairos.churn.silence-factor")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "A buyer is overdue (silence warning, LAPSED) after this many times their"
                                    + " own typical gap between purchases. Above 1.");

    public static final ConfigOption<Duration> CHURN_DEFAULT_PURCHASE_GAP =
            key("kairos.churn.default-purchase-gap")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("The gap assumed for a one-time buyer, who has no rhythm of their own yet.");

    public static final ConfigOption<Duration> CHURN_MIN_PURCHASE_GAP =
            key("kairos.churn.min-purchase-gap")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription("Shorter gaps count as this long: two orders in one evening are not a rhythm.");

    public static final ConfigOption<Duration> CHURN_HORIZON =
            key("kairos.churn.horizon")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "The churn probability (pChurn) is the probability of no purchase within this"
                                    + " horizon from now, from BG/NBD conditioned on the customer's history.");

    public static final ConfigOption<Duration> CHURN_OCCASION_GAP =
            key("kairos.churn.occasion-gap")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "A purchase this soon after the previous one belongs to the same buying occasion:"
                                    + " an order split in two is one purchase for the churn model and the rhythm.");

    public static final ConfigOption<Integer> CHURN_MAX_REGULARITY =
            key("kairos.churn.max-regularity")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Highest Erlang order k of a regular buyer's gaps (as in BG/CNBD-k; the survival is"
                                    + " averaged over k = 1..this, weighted by how well each explains their own gaps);"
                                    + " 1 keeps BG/NBD's exponential gaps for everybody.");

    public static final ConfigOption<Integer> CHURN_REGULARITY_MIN_GAPS =
            key("kairos.churn.regularity-min-gaps")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Gaps between buying occasions a customer needs before their own regularity counts;"
                                    + " at most 5, the gaps kept.");

    public static final ConfigOption<Double> CHURN_REGULARITY_PRIOR =
            key("kairos.churn.regularity-prior")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Prior belief in each step of regularity: P(k+1)/P(k) over the Erlang order of a"
                                    + " customer's gaps, in (0, 1]; 1 is a flat prior. Lower asks more of a"
                                    + " customer's few gaps before their silence counts as unusually long.");

    public static final ConfigOption<Boolean> CHURN_VISIT_EVIDENCE =
            key("kairos.churn.visit-evidence")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Visits (sessions) count as signs of life, and silence in visits as evidence of having"
                                    + " left, at the customer's own visit rate (docs/CUSTOMER-MODEL.md); false:"
                                    + " purchases only (BG/NBD).");

    public static final ConfigOption<String> CHURN_BGNBD_MODEL =
            key("kairos.churn.bgnbd.model")
                    .stringType()
                    .defaultValue("mbg")
                    .withDescription(
                            "mbg: MBG/NBD, a customer can drop out after the first purchase too, so a one-time"
                                    + " buyer's P(alive) falls with their silence; bg: BG/NBD, after repeat"
                                    + " purchases only; pareto: Pareto/NBD, a customer can leave at any moment (a and b"
                                    + " are then the shape s and scale beta, in days, of the leaving rate's gamma)."
                                    + " The kairos.churn.bgnbd.* parameters must be fitted for it (./kairos fit-churn --model).");

    public static final ConfigOption<Double> CHURN_BGNBD_R =
            bgNbd("r", BgNbdParameters.DEFAULT_R, "shape of the purchase-rate gamma");

    public static final ConfigOption<Double> CHURN_BGNBD_ALPHA =
            bgNbd("alpha", BgNbdParameters.DEFAULT_ALPHA, "scale of the purchase-rate gamma, in days");

    public static final ConfigOption<Double> CHURN_BGNBD_A =
            bgNbd("a", BgNbdParameters.DEFAULT_A, "first shape of the dropout beta; pareto: shape s of the leaving rate's gamma");

    public static final ConfigOption<Double> CHURN_BGNBD_B =
            bgNbd("b", BgNbdParameters.DEFAULT_B, "second shape of the dropout beta; pareto: scale beta of the leaving rate's gamma, in days");

    public static final ConfigOption<Double> CHURN_BGNBD_DORMANT_RATE =
            key("kairos.churn.bgnbd.dormant-rate")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "A customer who dropped out buys again at this share of their own purchase rate:"
                                    + " a pause, not a goodbye (docs/CUSTOMER-MODEL.md). 0 is MBG/NBD's drop-out"
                                    + " for good; ./kairos fit-churn and ./kairos backtest fit it from every"
                                    + " customer's gaps, in [0, 0.5).");

    public static final ConfigOption<Duration> CHURN_NEGATIVE_CUE_HALF_LIFE =
            key("kairos.churn.negative-cue-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription(
                            "Half-life of negative cues: support and unsubscribe pages, complaints,"
                                    + " dismissed offers.");

    public static final ConfigOption<Double> CHURN_CUE_WEIGHT =
            key("kairos.churn.cue-weight")
                    .doubleType()
                    .defaultValue(12.0)
                    .withDescription(
                            "How much negative cues say about having left: the odds of having left are"
                                    + " multiplied by e^(weight x decayed cue score); a support page adds 0.35 to the"
                                    + " score, a complaint or an unsubscribe page 1. 0: cues do not count. Calibrated on"
                                    + " the planted truth (docs/CUSTOMER-MODEL.md); between 0 and 100.");

    public static final ConfigOption<Double> CHURN_RISK_ENTER =
            key("kairos.churn.risk-enter")
                    .doubleType()
                    .defaultValue(0.94)
                    .withDescription(
                            "P(left) = 1 - P(alive) at or above this enters risk (CHURN_RISK_ENTERED): the"
                                    + " customer's silence is improbable under their own rhythm; chosen for precision.");

    public static final ConfigOption<Double> CHURN_RISK_EXIT =
            key("kairos.churn.risk-exit")
                    .doubleType()
                    .defaultValue(0.8)
                    .withDescription(
                            "P(left) at or below this leaves risk (CHURN_RISK_CLEARED); below"
                                    + " kairos.churn.risk-enter so customers do not flap.");

    private CustomerOptions() {}

    private static ConfigOption<Double> share(String name, double defaultShare, String description) {
        return key("kairos.pyramid." + name)
                .doubleType()
                .defaultValue(defaultShare)
                .withDescription(description + " Between 0 and 1; the three shares sum below 1.");
    }

    private static ConfigOption<Double> bgNbd(String name, double defaultValue, String what) {
        return key("kairos.churn.bgnbd." + name)
                .doubleType()
                .defaultValue(defaultValue)
                .withDescription(
                        "BG/NBD parameter " + name + " (" + what + "); refit with ./kairos fit-churn."
                                + " Positive.");
    }

    /**
     * The prior over the Erlang order of a buyer's gaps that these options give the job, for
     * fitting the dormant rate under the same gaps ({@link DormancyFit}, by {@code fit-churn} and
     * {@code backtest}); an IllegalArgumentException names a value out of range.
     */
    public static DormancyFit.Regularity gapRegularity(ReadableConfig c) {
        return new DormancyFit.Regularity(
                c.get(CHURN_MAX_REGULARITY), c.get(CHURN_REGULARITY_MIN_GAPS), c.get(CHURN_REGULARITY_PRIOR));
    }
}
