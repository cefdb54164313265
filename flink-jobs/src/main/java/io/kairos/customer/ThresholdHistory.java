package io.kairos.customer;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The recent pyramid thresholds by the event time they are valid from. */
public final class ThresholdHistory {
    private final NavigableMap<Long, PyramidThresholds> byValidFrom;

    private ThresholdHistory(NavigableMap<Long, PyramidThresholds> byValidFrom) {
        this.byValidFrom = byValidFrom;
    }

    public static ThresholdHistory of(Iterable<Map.Entry<Long, PyramidThresholds>> entries) {
        NavigableMap<Long, PyramidThresholds> map = new TreeMap<>();
        for (Map.Entry<Long, PyramidThresholds> e : entries) {
            map.put(e.getKey(), e.getValue());
        }
        return new ThresholdHistory(map);
    }

    /**
     * The thresholds valid at {@code t}: the latest valid from {@code t} or before, or null before
     * the first. Null rather than the first: thresholds may arrive before the events that precede
     * them are decided, so using a later pyramid for an earlier event would depend on timing.
     * (When old thresholds are pruned, the oldest kept is re-keyed to {@link Long#MIN_VALUE}:
     * a late event older than that gets the best guess left, not "no pyramid".)
     */
    public PyramidThresholds validAt(long t) {
        Map.Entry<Long, PyramidThresholds> e = byValidFrom.floorEntry(t);
        return e == null ? null : e.getValue();
    }

    /** The oldest key kept, or null when empty. */
    public Long oldestValidFrom() {
        return byValidFrom.isEmpty() ? null : byValidFrom.firstKey();
    }

    public int size() {
        return byValidFrom.size();
    }

    /** The validFrom keys beyond the newest {@code keep}, oldest first: to remove from state. */
    public Iterable<Long> beyondNewest(int keep) {
        int excess = Math.max(0, byValidFrom.size() - keep);
        return byValidFrom.keySet().stream().limit(excess).toList();
    }
}
