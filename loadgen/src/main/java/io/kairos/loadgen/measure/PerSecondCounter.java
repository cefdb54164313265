package io.kairos.loadgen.measure;

import java.util.Arrays;

/**
 * Counts events into one-second buckets by their wall-clock time, measured from an origin:
 * bucket i holds what happened in [origin + i s, origin + (i + 1) s). Events before the origin
 * are counted apart. Thread-safe.
 */
public final class PerSecondCounter {
    private final long originMillis;
    private long[] buckets = new long[64];
    private int length;
    private long beforeOrigin;
    private long total;

    public PerSecondCounter(long originMillis) {
        this.originMillis = originMillis;
    }

    public long originMillis() {
        return originMillis;
    }

    public synchronized void add(long atMillis) {
        total++;
        if (atMillis < originMillis) {
            beforeOrigin++;
            return;
        }
        long index = (atMillis - originMillis) / 1000;
        if (index >= Integer.MAX_VALUE / 2) {
            return;
        }
        int i = (int) index;
        if (i >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(buckets.length * 2, i + 1));
        }
        buckets[i]++;
        length = Math.max(length, i + 1);
    }

    /** Counts of the first {@code seconds} buckets (zeros where nothing happened). */
    public synchronized long[] counts(int seconds) {
        return Arrays.copyOf(buckets, seconds);
    }

    /** Buckets up to the last one with a count. */
    public synchronized int seconds() {
        return length;
    }

    public synchronized long total() {
        return total;
    }

    public synchronized long beforeOrigin() {
        return beforeOrigin;
    }
}
