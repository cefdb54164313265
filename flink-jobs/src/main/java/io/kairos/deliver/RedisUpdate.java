package io.kairos.deliver;

import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ProfileSnapshot;
import java.util.Objects;

/**
 * One write for the Redis sink: exactly one of its fields is set. A single stream type (rather
 * than one sink per kind) keeps each customer's writes in the order the keyed operator made them,
 * which matters for a forget followed by nothing, or a profile followed by a forget.
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

    public RedisUpdate() {}

    public static RedisUpdate message(PersonalizedMessage message) {
        RedisUpdate u = new RedisUpdate();
        u.message = Objects.requireNonNull(message);
        return u;
    }

    public static RedisUpdate profile(ProfileSnapshot profile) {
        RedisUpdate u = new RedisUpdate();
        u.profile = Objects.requireNonNull(profile);
        return u;
    }

    public static RedisUpdate forget(String customerId, long forgottenAt, long retentionUntil) {
        RedisUpdate u = new RedisUpdate();
        u.forget = new CustomerForget(customerId, forgottenAt, retentionUntil);
        return u;
    }

    public static RedisUpdate movement(MovementCount movement) {
        RedisUpdate u = new RedisUpdate();
        u.movement = Objects.requireNonNull(movement);
        return u;
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
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RedisUpdate)) {
            return false;
        }
        RedisUpdate u = (RedisUpdate) o;
        return Objects.equals(message, u.message) && Objects.equals(profile, u.profile)
                && Objects.equals(forget, u.forget) && Objects.equals(movement, u.movement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, profile, forget, movement);
    }

    @Override
    public String toString() {
        if (message != null) {
            return "message " + message.getMessageId();
        }
        if (profile != null) {
            return "profile " + profile.getCustomerId();
        }
        return forget != null ? forget.toString() : "movement " + movement;
    }
}
