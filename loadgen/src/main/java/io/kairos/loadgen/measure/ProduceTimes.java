package io.kairos.loadgen.measure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each event that can cause a message was produced: event id -> wall-clock epoch ms, kept
 * only for the newest {@code capacity} events (the oldest are forgotten first), so memory stays
 * bounded on a long run: about 150 bytes an entry. A message whose cause was forgotten is
 * counted as unmatched, not measured. Thread-safe: the producing thread adds, the probe reads.
 */
public final class ProduceTimes {
    private final int capacity;
    private final LinkedHashMap<String, Long> times;
    private long remembered;
    private long forgotten;

    public ProduceTimes(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.times = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                if (size() > ProduceTimes.this.capacity) {
                    forgotten++;
                    return true;
                }
                return false;
            }
        };
    }

    public synchronized void remember(String eventId, long producedAtMillis) {
        times.put(eventId, producedAtMillis);
        remembered++;
    }

    /** The produce time of the event, or -1 if it was never remembered or has been forgotten. */
    public synchronized long producedAt(String eventId) {
        Long at = eventId == null ? null : times.get(eventId);
        return at == null ? -1 : at;
    }

    public synchronized long remembered() {
        return remembered;
    }

    /** Entries dropped to stay within the capacity. */
    public synchronized long forgotten() {
        return forgotten;
    }

    public int capacity() {
        return capacity;
    }
}
