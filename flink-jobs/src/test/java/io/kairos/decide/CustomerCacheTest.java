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
    private final Map<String, CustomerState> written = new LinkedHashMap<>();
    private final CustomerCache.WriteBack keyedState = written::put;

    @Test
    void theLeastRecentlyUsedRecordIsWrittenBackWhenOneTooMany() {
        CustomerCache cache = new CustomerCache(2);
        CustomerState anna = record(1);
        CustomerState ben = record(2);
        cache.put("anna", anna, keyedState);
        cache.put("ben", ben, keyedState);
        assertSame(anna, cache.get("anna")); // anna used last: ben is now the eldest
        cache.put("cleo", record(3), keyedState);

        assertEquals(Map.of("ben", ben), written);
        assertNull(cache.get("ben"));
        assertSame(anna, cache.get("anna"));
        assertEquals(2, cache.size());
    }

    @Test
    void drainWritesEveryRecordAndEmptiesTheCache() {
        CustomerCache cache = new CustomerCache(10);
        cache.put("anna", record(1), keyedState);
        cache.put("ben", record(2), keyedState);
        cache.put("anna", record(3), keyedState); // the newer record replaces the older

        assertEquals(2, cache.drain(keyedState));
        assertEquals(3L, written.get("anna").getFirstSeen());
        assertEquals(2L, written.get("ben").getFirstSeen());
        assertEquals(0, cache.size());
        assertNull(cache.get("anna"));
    }

    @Test
    void aRemovedRecordIsNeverWritten() {
        CustomerCache cache = new CustomerCache(1);
        cache.put("anna", record(1), keyedState);
        cache.remove("anna"); // forgotten: keyed state was cleared, nothing may bring it back
        cache.put("ben", record(2), keyedState);
        cache.drain(keyedState);
        assertEquals(Map.of("ben", written.get("ben")), written);
    }

    @Test
    void aCacheHoldsAtLeastOneRecord() {
        assertThrows(IllegalArgumentException.class, () -> new CustomerCache(0));
    }

    private static CustomerState record(long firstSeen) {
        return CustomerProfile.newCustomer(firstSeen);
    }
}
