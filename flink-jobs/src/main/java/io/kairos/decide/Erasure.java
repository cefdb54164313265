package io.kairos.decide;

import io.kairos.customer.CustomerProfile;
import io.kairos.deliver.RedisUpdate;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import java.time.Duration;

/**
 * The right to be forgotten, an operator's reset, and the end of a silent customer's retention:
 * each drops what the engine keeps of one customer. A forget leaves a tombstone ({@code
 * forgotten-at}) that drops the id's events until the retention has passed, so that late or
 * replayed events bring nothing back, and removes the customer's keys from Redis.
 */
final class Erasure {
    private final long retentionMs;
    private final OperatorMetrics metrics;

    Erasure(Duration forgetRetention, OperatorMetrics metrics) {
        this.retentionMs = forgetRetention.toMillis();
        this.metrics = metrics;
    }

    /** Whether the event comes within a forget window and must be dropped. */
    boolean drops(CustomerEvent event, CustomerStore store) {
        Long forgottenAt = store.forgottenAt();
        if (forgottenAt == null) {
            return false;
        }
        if (event.eventTime < forgottenAt + retentionMs) {
            metrics.forgottenEventsDropped.inc();
            return true;
        }
        store.forgotten(null);
        return false;
    }

    /** Every piece of the customer's state and their timer, the Redis keys, and a tombstone. */
    void forget(String customerId, long at, CustomerStore store, Timers timers, TurnOutput out) {
        dropCustomer(customerId, store.load(customerId), store, timers);
        store.forgotten(at);
        timers.register(at + retentionMs);
        out.redis(RedisUpdate.forget(customerId, at, at + retentionMs));
        metrics.forgotten.inc();
    }

    /** The forget tombstone's timer: past the retention the id is welcome again. */
    void onTimer(long timestamp, CustomerStore store) {
        Long forgottenAt = store.forgottenAt();
        if (forgottenAt != null && timestamp >= forgottenAt + retentionMs) {
            store.forgotten(null);
        }
    }

    /**
     * An operator's reset (runbook: "Reset a customer"): what the engine learned is dropped, with
     * held messages, owned products and cooldowns; what the customer told us stays. Unlike a
     * forget-me, later events are welcome and rebuild the customer.
     */
    CustomerState reset(String customerId, CustomerState old, long at, CustomerStore store, Timers timers) {
        dropCustomer(customerId, old, store, timers);
        metrics.customersReset.inc();
        CustomerState fresh = CustomerProfile.resetKeepingWhatTheyToldUs(old, at);
        fresh.setNextBirthdayAt(0L);
        fresh.setTimerAt(0L);
        fresh.getHeldMessagesAt().clear();
        fresh.setDecidedUpTo(Math.max(old.getDecidedUpTo(), at));
        return fresh;
    }

    /** Silent for the whole retention: gone for good. */
    void expire(String customerId, CustomerState state, CustomerStore store, Timers timers) {
        dropCustomer(customerId, state, store, timers);
        metrics.customersExpired.inc();
    }

    private static void dropCustomer(String customerId, CustomerState state, CustomerStore store, Timers timers) {
        if (state != null && state.getTimerAt() != 0) {
            timers.delete(state.getTimerAt());
        }
        store.clearCustomer(customerId);
    }
}
