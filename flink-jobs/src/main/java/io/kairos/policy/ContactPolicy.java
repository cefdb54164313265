package io.kairos.policy;

/**
 * The contact policy's vocabulary: the rules every message obeys, whatever moment produced it.
 * Each rule is a class of this package ({@link FrequencyCaps}, {@link QuietHours}, {@link
 * SendTiming} for consent and channel, {@link ResponseSuppression}, {@link Holdout}); the offer's
 * cooldown is checked by {@code decide.Decider}, which applies them in order.
 */
public final class ContactPolicy {
    private ContactPolicy() {}

    /** Why a candidate message was not sent; also the metric name. */
    public enum Suppression {
        /** No consent to any channel the offer may use. */
        NO_CONSENT,
        /** The same offer was sent within its cooldown. */
        COOLDOWN,
        /** The overall cap of messages in any 24 h would be exceeded ({@link FrequencyCaps}). */
        DAILY_CAP,
        /** The overall cap of messages in any 7 days would be exceeded. */
        WEEKLY_CAP,
        /** The cap of messages on this channel in any 24 h would be exceeded. */
        CHANNEL_DAILY_CAP,
        /** The cap of messages on this channel in any 7 days would be exceeded. */
        CHANNEL_WEEKLY_CAP,
        /** The customer converted this offer lately ({@link ResponseSuppression}). */
        AFTER_CONVERSION,
        /** The customer dismissed this offer, or offers in general, repeatedly. */
        AFTER_DISMISSALS,
        /** Held for quiet hours, the message would expire before they end ({@link QuietHours}). */
        EXPIRED_IN_QUIET_HOURS
    }
}
