package io.kairos.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest items per customer, for a bounded number of customers (the least recently updated
 * customer gives way), and a bounded memory of ids seen, so an at-least-once duplicate on a topic
 * is kept once. Not thread-safe: its owner locks.
 */
final class BoundedHistory<T> {
    private final int perCustomer;
    private final int maxCustomers;
    private final int maxIds;
    private final LinkedHashMap<String, Deque<T>> byCustomer = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<T>> eldest) {
            return size() > maxCustomers;
        }
    };
    private final Set<String> seen = new LinkedHashSet<>();

    BoundedHistory(int perCustomer, int maxCustomers, int maxIds) {
        this.perCustomer = perCustomer;
        this.maxCustomers = maxCustomers;
        this.maxIds = maxIds;
    }

    /** False, and nothing kept, if the id was seen already. */
    boolean add(String id, String customerId, T item) {
        if (!seen.add(id)) {
            return false;
        }
        if (seen.size() > maxIds) {
            var oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        Deque<T> items = byCustomer.computeIfAbsent(customerId, k -> new ArrayDeque<>());
        items.addLast(item);
        if (items.size() > perCustomer) {
            items.removeFirst();
        }
        return true;
    }

    /** The customer's items, oldest first. */
    List<T> of(String customerId) {
        Deque<T> items = byCustomer.get(customerId);
        return items == null ? List.of() : new ArrayList<>(items);
    }
}
