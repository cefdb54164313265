package io.kairos.deliver;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ProfileSnapshot;
import java.util.Objects;

/**
 * One write for the Redis sink: exactly one of its kinds (message, profile, forget, movement,
 * withdrawal) is set. A single stream type (rather than one sink per kind) keeps each customer's
 * writes in the order the keyed operator made them, which matters for a forget followed by
 * nothing, a profile followed by a forget, or a message followed by the withdrawal of its channel.
 *
 * <p>{@link #causeProducedAt}, when known, is the Kafka timestamp of the event that caused the
 * update: the sink measures produce-to-Redis latency from it once the write is acknowledged.
 */
public class RedisUpdate {
    /** An offer or message for the customer's channels. */
    public PersonalizedMessage message;

    /** The customer's profile for pull channels (call center screen-pop). */
    public ProfileSnapshot profile;

    /** Drop everything of a customer and keep a tombstone. */
    public CustomerForget forget;

    /** A count of the value pyramid's movement matrix. */
    public MovementCount movement;

    /** Withdraw the customer's messages on a channel (consent revoked). */
    public MessageWithdrawal withdraw;

    /**
     * Kafka record timestamp (epoch ms) of the event that caused this update; 0 = not known (a
     * timer, a broadcast), and then no latency is recorded for it.
     */
    public long causeProducedAt;

    public RedisUpdate() {}

    private RedisUpdate(PersonalizedMessage message, ProfileSnapshot profile, CustomerForget forget,
                        MovementCount movement, MessageWithdrawal withdraw) {
        this.message = message;
        this.profile = profile;
        this.forget = forget;
        this.movement = movement;
        this.withdraw = withdraw;
    }

    public static RedisUpdate message(PersonalizedMessage message) {
        return new RedisUpdate(Objects.requireNonNull(message), null, null, null, null);
    }

    public static RedisUpdate profile(ProfileSnapshot profile) {
        return new RedisUpdate(null, Objects.requireNonNull(profile), null, null, null);
    }

    public static RedisUpdate forget(String customerId, long forgottenAt, long retentionUntil) {
        return new RedisUpdate(null, null, new CustomerForget(customerId, forgottenAt, retentionUntil), null, null);
    }

    public static RedisUpdate movement(MovementCount movement) {
        return new RedisUpdate(null, null, null, Objects.requireNonNull(movement), null);
    }

    /**
     * A consent for {@code channel} was revoked at {@code at} (event time): the customer's messages
     * on that channel still in Redis that went out at or before it are withdrawn (docs/REDIS-CONTRACT.md).
     */
    public static RedisUpdate withdraw(String customerId, Channel channel, long at) {
        return new RedisUpdate(null, null, null, null,
                new MessageWithdrawal(Objects.requireNonNull(customerId), Objects.requireNonNull(channel), at));
    }

    /**
     * This update, carrying the Kafka timestamp of the event that caused it (0: unknown), from
     * which the sink measures end-to-end latency.
     */
    public RedisUpdate withCauseProducedAt(long producedAt) {
        this.causeProducedAt = producedAt;
        return this;
    }

    /** The customer this update is about, or null for a movement count. */
    public String customerId() {
        if (message != null) {
            return message.getCustomerId();
        }
        if (profile != null) {
            return profile.getCustomerId();
        }
        if (forget != null) {
            return forget.customerId;
        }
        if (withdraw != null) {
            return withdraw.customerId;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisUpdate)) {
            return false;
        }
        RedisUpdate u = (RedisUpdate) o;
        return causeProducedAt == u.causeProducedAt
                && Objects.equals(message, u.message) && Objects.equals(profile, u.profile)
                && Objects.equals(forget, u.forget) && Objects.equals(movement, u.movement)
                && Objects.equals(withdraw, u.withdraw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, profile, forget, movement, withdraw, causeProducedAt);
    }

    @Override
    public String toString() {
        if (message != null) {
            return "message " + message.getMessageId();
        }
        if (profile != null) {
            return "profile " + profile.getCustomerId();
        }
        if (withdraw != null) {
            return withdraw.toString();
        }
        return forget != null ? forget.toString() : "movement " + movement;
    }
}
