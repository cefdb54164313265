package io.kairos.console;

import io.kairos.events.CustomerSignal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The signals the console has read from customer-signals, in memory and bounded: the latest per
 * customer (their page, whether an at-risk customer came back), and the latest segment moves, so
 * the customers behind a cell of the movement matrix are one click away. A signal id is kept once.
 * Thread-safe.
 */
public final class SignalLog {
    private final int movesKept;
    private final BoundedHistory<SignalView> byCustomer;
    private final Deque<SignalView> moves = new ArrayDeque<>();

    public SignalLog(int movesKept, int perCustomer, int maxCustomers) {
        this.movesKept = movesKept;
        this.byCustomer = new BoundedHistory<>(perCustomer, maxCustomers, Math.max(movesKept, maxCustomers * 4));
    }

    public SignalLog() {
        this(100_000, 50, 100_000);
    }

    public synchronized void add(CustomerSignal signal) {
        SignalView view = SignalView.of(signal);
        if (!byCustomer.add(view.signalId(), view.customerId(), view)) {
            return;
        }
        if (view.isMovement()) {
            moves.addLast(view);
            if (moves.size() > movesKept) {
                moves.removeFirst();
            }
        }
    }

    /** The customer's signals read so far, oldest first (the order they happened in). */
    public synchronized List<SignalView> forCustomer(String customerId) {
        return byCustomer.of(customerId);
    }

    /**
     * Segment moves on the days of the range (UTC, by event time, as the matrix counts them),
     * newest first: FROM>TO when both are given, else every move down.
     */
    public synchronized List<SignalView> moves(DayRange range, String from, String to, int limit) {
        List<SignalView> found = new ArrayList<>();
        Iterator<SignalView> it = moves.descendingIterator();
        while (it.hasNext() && found.size() < limit) {
            SignalView s = it.next();
            if (!range.contains(day(s.eventTime()))) {
                continue;
            }
            boolean wanted = from == null || to == null
                    ? Segments.isDown(s.from(), s.to())
                    : from.equals(s.from()) && to.equals(s.to());
            if (wanted) {
                found.add(s);
            }
        }
        return found;
    }

    /** Whether the customer's churn risk cleared after {@code since} (a CHURN_RISK_CLEARED signal). */
    public synchronized boolean riskClearedAfter(String customerId, long since) {
        return byCustomer.of(customerId).stream()
                .anyMatch(s -> "CHURN_RISK_CLEARED".equals(s.type()) && s.eventTime() > since);
    }

    static LocalDate day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
