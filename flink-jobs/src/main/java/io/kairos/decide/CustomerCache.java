package io.kairos.decide;

import io.kairos.state.CustomerState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of the customers whose turns ran last, kept on the heap between turns, least
 * recently used first. A customer's events come in sessions, so most turns find their record here
 * and neither decode it from keyed state nor encode it back (on RocksDB with the changelog, two
 * encodings and a put per event were a third of the operator's time). A record goes to keyed state
 * when it is evicted and, for all of them, before every checkpoint barrier, so every snapshot holds
 * every turn before it.
 */
final class CustomerCache {
    /** Writes one customer's record to keyed state under that customer's key. */
    interface WriteBack {
        void write(String customerId, CustomerState state);
    }

    private final int capacity;
    private final LinkedHashMap<String, CustomerState> records;

    CustomerCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a customer cache holds at least one record: " + capacity);
        }
        this.capacity = capacity;
        this.records = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** The customer's record, or null when it is only in keyed state (or nowhere). */
    CustomerState get(String customerId) {
        return records.get(customerId);
    }

    /** Keeps the record; when that makes one too many, the least recently used goes to keyed state. */
    void put(String customerId, CustomerState state, WriteBack writeBack) {
        records.put(customerId, state);
        if (records.size() > capacity) {
            Iterator<Map.Entry<String, CustomerState>> eldest = records.entrySet().iterator();
            Map.Entry<String, CustomerState> evicted = eldest.next();
            eldest.remove();
            writeBack.write(evicted.getKey(), evicted.getValue());
        }
    }

    /** Forgets the record without writing it (the customer's state is being cleared). */
    void remove(String customerId) {
        records.remove(customerId);
    }

    /**
     * Every record to keyed state, and the cache emptied. Emptied rather than kept: on the heap
     * state backend keyed state holds the very object, and a snapshot may still be reading it
     * while the next turn would change it in place.
     */
    int drain(WriteBack writeBack) {
        int written = records.size();
        for (Map.Entry<String, CustomerState> record : records.entrySet()) {
            writeBack.write(record.getKey(), record.getValue());
        }
        records.clear();
        return written;
    }

    int size() {
        return records.size();
    }
}
