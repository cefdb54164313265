package io.kairos.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kairos.customer.CustomerProfile;
import io.kairos.state.CustomerState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerCacheTest {
    private static final long HOUR = 3_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final Map<String, CustomerState> written = new LinkedHashMap<>();
    private final CustomerCache.WriteBack keyedState = written::put;

    @Test
    void theLeastRecentlyUsedRecordIsWrittenBackWhenOneTooMany() {
        CustomerCache cache = new CustomerCache(2, HOUR);
        CustomerState anna = record(1);
        CustomerState ben = record(2);
        cache.put("anna", anna, 0, keyedState);
        cache.put("ben", ben, 0, keyedState);
        assertSame(anna, cache.get("anna")); // anna used last: ben is now the eldest
        cache.put("cleo", record(3), 0, keyedState);

        assertEquals(Map.of("ben", ben), written);
        assertNull(cache.get("ben"));
        assertSame(anna, cache.get("anna"));
        assertEquals(2, cache.size());
    }

    @Test
    void drainWritesEveryRecordAndEmptiesTheCache() {
        CustomerCache cache = new CustomerCache(10, HOUR);
        cache.put("anna", record(1), 0, keyedState);
        cache.put("ben", record(2), 0, keyedState);
        cache.put("anna", record(3), 0, keyedState); // the newer record replaces the older

        assertEquals(2, cache.drain(keyedState));
        assertEquals(3L, written.get("anna").getFirstSeen());
        assertEquals(2L, written.get("ben").getFirstSeen());
        assertEquals(0, cache.size());
        assertNull(cache.get("anna"));
    }

    @Test
    void aRemovedRecordIsNeverWritten() {
        CustomerCache cache = new CustomerCache(1, HOUR);
        cache.put("anna", record(1), 0, keyedState);
        cache.remove("anna"); // forgotten: keyed state was cleared, nothing may bring it back
        cache.put("ben", record(2), 0, keyedState);
        cache.drain(keyedState);
        assertEquals(Map.of("ben", written.get("ben")), written);
    }

    @Test
    void recordsIdleForLongerThanTheIdleTimeGoBackAFewAtATurn() {
        CustomerCache cache = new CustomerCache(100, 2 * SECOND);
        for (int i = 0; i < 6; i++) {
            cache.put("c" + i, record(i), 0, keyedState);
        }
        cache.put("c3", record(30), SECOND, keyedState); // used again: no longer idle at 2.5 s
        assertEquals(0, written.size());

        cache.put("new", record(99), 2 * SECOND + SECOND / 2, keyedState);
        // Idle since 0: c0, c1, c2, c4, c5. Four per turn, eldest first.
        assertEquals(java.util.List.of("c0", "c1", "c2", "c4"), java.util.List.copyOf(written.keySet()));
        assertEquals(3, cache.size()); // c5, c3, new

        cache.put("new", record(99), 2 * SECOND + SECOND / 2 + 1, keyedState);
        assertEquals(5, written.size()); // c5 now; c3 (used at 1 s) is not idle yet
        assertSame(null, cache.get("c5"));
        assertEquals(30L, cache.get("c3").getFirstSeen());
    }

    @Test
    void aCacheHoldsAtLeastOneRecord() {
        assertThrows(IllegalArgumentException.class, () -> new CustomerCache(0, HOUR));
        assertThrows(IllegalArgumentException.class, () -> new CustomerCache(1, 0));
    }

    private static CustomerState record(long firstSeen) {
        return CustomerProfile.newCustomer(firstSeen);
    }
}
