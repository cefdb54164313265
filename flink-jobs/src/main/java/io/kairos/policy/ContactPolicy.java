package io.kairos.policy;

import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rules every message obeys, whatever moment produced it: the customer consented to the
 * channel, and the same offer was not sent to them within the cooldown.
 */
public final class ContactPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

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

    private final long cooldownMs;

    public ContactPolicy(Duration offerCooldown) {
        if (offerCooldown.isNegative()) {
            throw new IllegalArgumentException("offer cooldown must not be negative: " + offerCooldown);
        }
        this.cooldownMs = offerCooldown.toMillis();
    }

    /** The first channel of the preference list that the customer consented to. */
    public Optional<Channel> channelFor(List<Channel> preferred, CustomerState customer) {
        for (Channel channel : preferred) {
            if (CustomerProfile.hasConsent(customer, channel)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    /** Whether an offer last sent at {@code lastSentAt} (null: never) may be sent at {@code now}. */
    public boolean cooledDown(Long lastSentAt, long now) {
        return lastSentAt == null || now - lastSentAt >= cooldownMs;
    }

    public Duration cooldown() {
        return Duration.ofMillis(cooldownMs);
    }
}
