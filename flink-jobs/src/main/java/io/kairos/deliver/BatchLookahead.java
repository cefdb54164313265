package io.kairos.deliver;

import io.kairos.events.ProfileSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link RedisStore} needs to know about a whole batch before it sends any of it: which
 * customers are forgotten in it, and which profiles a later one in it replaces anyway.
 */
final class BatchLookahead {
    private BatchLookahead() {}

    /**
     * The profiles a later one of the same customer in the batch replaces anyway (its updatedAt
     * is not older, and it is not expired): not sent. The script keeps the later of two, a
     * forget between them refuses the later one and deletes the earlier, so Redis ends the batch
     * the same; a customer's burst of events costs one profile write per batch instead of one
     * per event.
     */
    static boolean[] supersededProfiles(List<RedisUpdate> batch, EventTimeExpiry expiry) {
        boolean[] superseded = new boolean[batch.size()];
        Map<String, Long> laterUpdatedAt = new HashMap<>();
        for (int i = batch.size() - 1; i >= 0; i--) {
            ProfileSnapshot p = batch.get(i).profile;
            if (p == null) {
                continue;
            }
            Long later = laterUpdatedAt.get(p.getCustomerId());
            if (later != null && later >= p.getUpdatedAt()) {
                superseded[i] = true;
            } else if (!expiry.expired(p.getExpiresAt(), p.getUpdatedAt())) {
                laterUpdatedAt.put(p.getCustomerId(), p.getUpdatedAt());
            }
        }
        return superseded;
    }

    /** Customers with a forget in the batch whose retention has not ended. */
    static Set<String> forgottenIn(List<RedisUpdate> batch, long nowMillis) {
        Set<String> forgotten = new HashSet<>();
        for (RedisUpdate u : batch) {
            if (u.forget != null && u.forget.retentionUntil > nowMillis) {
                forgotten.add(u.forget.customerId);
            }
        }
        return forgotten;
    }
}
