package io.kairos.job;

import io.kairos.churn.BgNbdParameters;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.PyramidShares;
import io.kairos.decide.DecisionSettings;
import io.kairos.decide.PersonalizationSettings;
import io.kairos.events.Trigger;
import io.kairos.moments.Birthday;
import io.kairos.moments.BrowseIntent;
import io.kairos.moments.Replenishment;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.Holdout;
import io.kairos.policy.QuietHours;
import io.kairos.policy.ResponseSuppression;
import io.kairos.policy.SendTiming;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;

/**
 * The engine's settings objects, built from the options ({@link JobConfig}'s settings methods):
 * customer model, value pyramid, decisioning and contact policy, learning. Each setting is checked
 * by the class that uses it; a failure comes back as an {@link InvalidConfigException} that names
 * the options to change.
 */
final class EngineSettings {
    private EngineSettings() {}

    static PersonalizationSettings personalizationSettings(JobConfig c) {
        return new PersonalizationSettings(
                c.get(DecisionOptions.CART_ABANDONMENT_DELAY),
                c.get(DecisionOptions.OFFER_COOLDOWN),
                c.get(DecisionOptions.MESSAGE_TTL),
                c.get(DecisionOptions.CART_REMINDER_CHANNELS),
                customerModelSettings(c),
                decisionSettings(c))
                .withDueWorkInLine(c.get(DecisionOptions.DUE_WORK_IN_LINE));
    }

    /**
     * The contact policy and the moments, from the kairos.contact.*, kairos.holdout.*,
     * kairos.attribution.* and kairos.moments.* options. Each rule checks its own settings; the
     * message is prefixed with the options, so the operator knows what to change.
     */
    static DecisionSettings decisionSettings(JobConfig c) {
        ZoneId zone = zone(c, DecisionOptions.CONTACT_DEFAULT_TIME_ZONE);
        Duration channelHalfLife = Duration.ofDays(60);
        try {
            return new DecisionSettings(
                    c.get(DecisionOptions.OFFER_COOLDOWN),
                    new FrequencyCaps(
                            c.get(DecisionOptions.CONTACT_CAP_PER_DAY),
                            c.get(DecisionOptions.CONTACT_CAP_PER_WEEK),
                            c.get(DecisionOptions.CONTACT_CAP_PER_CHANNEL_PER_DAY),
                            c.get(DecisionOptions.CONTACT_CAP_PER_CHANNEL_PER_WEEK)),
                    new QuietHours(
                            localTime(c, DecisionOptions.CONTACT_QUIET_HOURS_START),
                            localTime(c, DecisionOptions.CONTACT_QUIET_HOURS_END),
                            zone),
                    new SendTiming(
                            c.get(DecisionOptions.CONTACT_ACTIVE_SESSION),
                            c.get(DecisionOptions.CONTACT_BEST_HOUR_MIN_RESPONSES),
                            channelHalfLife),
                    new ResponseSuppression(
                            c.get(DecisionOptions.CONTACT_SUPPRESS_AFTER_CONVERSION),
                            c.get(DecisionOptions.CONTACT_DISMISSALS_PER_OFFER),
                            c.get(DecisionOptions.CONTACT_DISMISSALS_OVERALL),
                            c.get(DecisionOptions.CONTACT_DISMISSAL_WINDOW),
                            c.get(DecisionOptions.CONTACT_SUPPRESS_AFTER_DISMISSALS)),
                    new Holdout(holdoutByTrigger(c), c.get(DecisionOptions.HOLDOUT_SHARE)),
                    c.get(DecisionOptions.ATTRIBUTION_WINDOW),
                    channelHalfLife,
                    new BrowseIntent(
                            c.get(DecisionOptions.BROWSE_PRODUCT_VIEWS),
                            c.get(DecisionOptions.BROWSE_CATEGORY_VIEWS),
                            c.get(DecisionOptions.BROWSE_WINDOW),
                            16),
                    new Birthday(localTime(c, DecisionOptions.BIRTHDAY_GREET_AT), zone),
                    new Replenishment(c.get(DecisionOptions.REPLENISHMENT_LEAD), 8),
                    zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.contact.*', 'kairos.holdout.*', 'kairos.attribution.*',"
                            + " 'kairos.moments.*' or 'kairos.offer.cooldown': " + e.getMessage(), e);
        }
    }

    private static Map<Trigger, Double> holdoutByTrigger(JobConfig c) {
        Map<Trigger, Double> shares = new EnumMap<>(Trigger.class);
        for (Map.Entry<String, String> e : c.get(DecisionOptions.HOLDOUT_SHARE_BY_TRIGGER).entrySet()) {
            Trigger trigger;
            try {
                trigger = Trigger.valueOf(e.getKey().trim());
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException(
                        "option '" + DecisionOptions.HOLDOUT_SHARE_BY_TRIGGER.key() + "': '" + e.getKey()
                                + "' is not a trigger; allowed: " + Arrays.toString(Trigger.values()), ex);
            }
            try {
                shares.put(trigger, Double.parseDouble(e.getValue().trim()));
            } catch (NumberFormatException ex) {
                throw new InvalidConfigException(
                        "option '" + DecisionOptions.HOLDOUT_SHARE_BY_TRIGGER.key() + "': share of " + trigger
                                + " must be a number, was '" + e.getValue() + "'", ex);
            }
        }
        return shares;
    }

    private static LocalTime localTime(JobConfig c, ConfigOption<String> option) {
        try {
            return LocalTime.parse(c.get(option).trim());
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a local time HH:mm, was '" + c.get(option) + "'", e);
        }
    }

    private static ZoneId zone(JobConfig c, ConfigOption<String> option) {
        try {
            return ZoneId.of(c.get(option).trim());
        } catch (DateTimeException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be an IANA time zone such as Europe/Berlin, was '"
                            + c.get(option) + "'", e);
        }
    }

    /** The learning branches' settings (kairos.learning.*). */
    static PersonalizationPipeline.LearningSettings learningSettings(JobConfig c) {
        ConfigChecks.positive(LearningOptions.LEARNING_RESPONSE_HALF_LIFE, c.get(LearningOptions.LEARNING_RESPONSE_HALF_LIFE));
        ConfigChecks.positive(LearningOptions.LEARNING_ASSOCIATION_HALF_LIFE, c.get(LearningOptions.LEARNING_ASSOCIATION_HALF_LIFE));
        ConfigChecks.positive(LearningOptions.LEARNING_BASKET_WINDOW, c.get(LearningOptions.LEARNING_BASKET_WINDOW));
        ConfigChecks.positive(LearningOptions.LEARNING_PUBLISH_INTERVAL, c.get(LearningOptions.LEARNING_PUBLISH_INTERVAL));
        int perProduct = c.get(LearningOptions.LEARNING_ASSOCIATIONS_PER_PRODUCT);
        if (perProduct < 1) {
            throw new InvalidConfigException(
                    "option '" + LearningOptions.LEARNING_ASSOCIATIONS_PER_PRODUCT.key() + "' must be >= 1, was " + perProduct);
        }
        return new PersonalizationPipeline.LearningSettings(
                c.get(LearningOptions.LEARNING_RESPONSE_HALF_LIFE),
                c.get(LearningOptions.LEARNING_ASSOCIATION_HALF_LIFE),
                c.get(LearningOptions.LEARNING_BASKET_WINDOW),
                perProduct,
                c.get(LearningOptions.LEARNING_PUBLISH_INTERVAL));
    }

    /**
     * The customer model's settings. Each setting is checked by the model itself; its message is
     * prefixed with the options it comes from, so the operator knows what to change.
     */
    static CustomerModelSettings customerModelSettings(JobConfig c) {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.activityHorizons = c.get(CustomerOptions.CUSTOMER_ACTIVITY_HORIZONS);
        b.sessionGap = c.get(CustomerOptions.CUSTOMER_SESSION_GAP);
        b.affinityHalfLife = c.get(CustomerOptions.CUSTOMER_AFFINITY_HALF_LIFE);
        b.affinityTopK = c.get(CustomerOptions.CUSTOMER_AFFINITY_TOP_K);
        b.loyalMinPurchases = c.get(CustomerOptions.CUSTOMER_LOYAL_MIN_PURCHASES);
        b.loyalWindow = c.get(CustomerOptions.CUSTOMER_LOYAL_WINDOW);
        b.stateRetention = c.get(CustomerOptions.CUSTOMER_STATE_RETENTION);
        b.forgetRetention = c.get(CustomerOptions.CUSTOMER_FORGET_RETENTION);
        b.profileTtl = c.get(CustomerOptions.CUSTOMER_PROFILE_TTL);
        b.profileRefresh = c.get(CustomerOptions.CUSTOMER_PROFILE_REFRESH);
        b.inactiveAfter = c.get(CustomerOptions.PYRAMID_INACTIVE_AFTER);
        b.segmentReview = c.get(CustomerOptions.PYRAMID_SEGMENT_REVIEW);
        b.valueHalfLife = c.get(CustomerOptions.PYRAMID_VALUE_HALF_LIFE);
        b.silenceFactor = c.get(CustomerOptions.CHURN_SILENCE_FACTOR);
        b.defaultPurchaseGap = c.get(CustomerOptions.CHURN_DEFAULT_PURCHASE_GAP);
        b.minPurchaseGap = c.get(CustomerOptions.CHURN_MIN_PURCHASE_GAP);
        b.horizon = c.get(CustomerOptions.CHURN_HORIZON);
        b.occasionGap = c.get(CustomerOptions.CHURN_OCCASION_GAP);
        b.maxRegularity = c.get(CustomerOptions.CHURN_MAX_REGULARITY);
        b.regularityMinGaps = c.get(CustomerOptions.CHURN_REGULARITY_MIN_GAPS);
        b.regularityPrior = c.get(CustomerOptions.CHURN_REGULARITY_PRIOR);
        b.dormantRate = c.get(CustomerOptions.CHURN_BGNBD_DORMANT_RATE);
        b.visitEvidence = c.get(CustomerOptions.CHURN_VISIT_EVIDENCE);
        b.negativeCueHalfLife = c.get(CustomerOptions.CHURN_NEGATIVE_CUE_HALF_LIFE);
        b.cueWeight = c.get(CustomerOptions.CHURN_CUE_WEIGHT);
        b.riskEnter = c.get(CustomerOptions.CHURN_RISK_ENTER);
        b.riskExit = c.get(CustomerOptions.CHURN_RISK_EXIT);
        try {
            b.bgNbd =
                    new BgNbdParameters(
                            c.get(CustomerOptions.CHURN_BGNBD_R),
                            c.get(CustomerOptions.CHURN_BGNBD_ALPHA),
                            c.get(CustomerOptions.CHURN_BGNBD_A),
                            c.get(CustomerOptions.CHURN_BGNBD_B),
                            BgNbdParameters.Variant.named(c.get(CustomerOptions.CHURN_BGNBD_MODEL)));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.churn.bgnbd.*': " + e.getMessage()
                            + " (refit them with ./kairos fit-churn)", e);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    static PyramidShares pyramidShares(JobConfig c) {
        try {
            return new PyramidShares(
                    c.get(CustomerOptions.PYRAMID_TOP_SHARE),
                    c.get(CustomerOptions.PYRAMID_HIGH_SHARE),
                    c.get(CustomerOptions.PYRAMID_MIDDLE_SHARE));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.pyramid.top-share', 'high-share', 'middle-share': " + e.getMessage(), e);
        }
    }
}
