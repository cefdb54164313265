package io.kairos.decide;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How many customer records a personalization subtask keeps on the heap ({@code capacity}, 0 for
 * none) and how long one may stay idle before it goes back to keyed state ({@link CustomerCache}).
 */
public record CustomerCacheSettings(int capacity, Duration idle) implements Serializable {
    public CustomerCacheSettings {
        Objects.requireNonNull(idle);
        if (capacity < 0) {
            throw new IllegalArgumentException("customer cache capacity must not be negative: " + capacity);
        }
        if (idle.isZero() || idle.isNegative()) {
            throw new IllegalArgumentException("customer cache idle time must be positive: " + idle);
        }
    }

    /** Every turn reads and writes keyed state. */
    public static CustomerCacheSettings off() {
        return new CustomerCacheSettings(0, Duration.ofSeconds(1));
    }

    CustomerCache newCache() {
        return new CustomerCache(capacity, idle.toNanos());
    }
}
