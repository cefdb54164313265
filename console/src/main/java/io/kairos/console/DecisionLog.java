package io.kairos.console;

import io.kairos.events.Decision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The decisions the console has read from the audit topic, in memory and bounded: the latest
 * {@code recent} for the live page (each numbered, so a page polls for those after the last it
 * has), the latest per customer for their page, the win-back decisions for the churn watch, and
 * counts per minute of Kafka time for the last hour. A decision id is kept once (the topic is
 * at-least-once). Thread-safe: one reader thread adds, request threads read.
 */
public final class DecisionLog {
    private static final long MINUTE = 60_000L;
    private static final int MINUTES_KEPT = 60;

    private final int recentKept;
    private final Deque<DecisionView> recent = new ArrayDeque<>();
    private final BoundedHistory<DecisionView> byCustomer;
    private final Deque<DecisionView> winBacks = new ArrayDeque<>();
    private final TreeMap<Long, Map<String, Long>> perMinute = new TreeMap<>();
    private long seq;

    public DecisionLog(int recentKept, int perCustomer, int maxCustomers) {
        this.recentKept = recentKept;
        this.byCustomer = new BoundedHistory<>(perCustomer, maxCustomers, Math.max(recentKept, maxCustomers * 4));
    }

    public DecisionLog() {
        this(5_000, 50, 100_000);
    }

    /** Adds a decision read from the topic; a duplicate (same decision id) is dropped. */
    public synchronized void add(Decision decision, long writtenAt) {
        DecisionView view = DecisionView.of(seq + 1, decision, writtenAt);
        if (!byCustomer.add(view.decisionId(), view.customerId(), view)) {
            return;
        }
        seq++;
        recent.addLast(view);
        if (recent.size() > recentKept) {
            recent.removeFirst();
        }
        if ("WIN_BACK".equals(view.trigger())) {
            winBacks.addLast(view);
            if (winBacks.size() > recentKept) {
                winBacks.removeFirst();
            }
        }
        perMinute.computeIfAbsent(writtenAt / MINUTE * MINUTE, k -> new LinkedHashMap<>())
                .merge(view.outcome(), 1L, Long::sum);
        while (perMinute.size() > MINUTES_KEPT) {
            perMinute.pollFirstEntry();
        }
    }

    /** The number of the latest decision read (0: none yet). */
    public synchronized long lastSeq() {
        return seq;
    }

    /**
     * Decisions matching the filters, oldest first: those after {@code afterSeq}, or for a first
     * look ({@code afterSeq <= 0}) the latest; at most {@code limit}, the latest ones. With them
     * the number of the latest decision read, matching or not, for the next call: both read under
     * one lock, so a poll neither misses nor repeats a decision.
     */
    public synchronized Slice after(long afterSeq, String trigger, String outcome, String channel, int limit) {
        List<DecisionView> found = new ArrayList<>();
        Iterator<DecisionView> newestFirst = recent.descendingIterator();
        while (newestFirst.hasNext() && found.size() < limit) {
            DecisionView d = newestFirst.next();
            if (d.seq() <= afterSeq) {
                break;
            }
            if (d.matches(trigger, outcome, channel)) {
                found.add(d);
            }
        }
        Collections.reverse(found);
        return new Slice(seq, found);
    }

    /** What a poll gets: the decisions, and the number to ask after next time. */
    public record Slice(long last, List<DecisionView> decisions) {}

    /** The customer's decisions read so far, newest first. */
    public synchronized List<DecisionView> forCustomer(String customerId) {
        List<DecisionView> list = byCustomer.of(customerId);
        Collections.reverse(list);
        return list;
    }

    /** The latest win-back decisions, newest first. */
    public synchronized List<DecisionView> winBacks(int limit) {
        List<DecisionView> list = new ArrayList<>();
        Iterator<DecisionView> it = winBacks.descendingIterator();
        while (it.hasNext() && list.size() < limit) {
            list.add(it.next());
        }
        return list;
    }

    /** Decisions per minute (start of the minute, epoch ms) and outcome, oldest minute first. */
    public synchronized Map<Long, Map<String, Long>> perMinute() {
        Map<Long, Map<String, Long>> copy = new LinkedHashMap<>();
        perMinute.forEach((minute, counts) -> copy.put(minute, Map.copyOf(counts)));
        return copy;
    }
}
