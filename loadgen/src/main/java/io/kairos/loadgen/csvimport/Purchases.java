package io.kairos.loadgen.csvimport;

import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order lines grouped into purchases (same customer, order and time), and returns netted
 * against them: a return takes its units off the same customer's latest earlier purchases of
 * the same product, latest first, because a recording has no return event and a purchase event
 * cannot say "returned". What a return cannot be taken off (the purchase is before the file or
 * the window, or the "product" is postage or a discount) is dropped and counted; a purchase all
 * of whose lines were returned is not written. Held in memory, then written in event-time order.
 */
final class Purchases {
    private static final class Line {
        final String product;
        final String category;
        long quantity;
        final double unitPrice;

        Line(String product, String category, long quantity, double unitPrice) {
            this.product = product;
            this.category = category;
            this.quantity = quantity;
            this.unitPrice = unitPrice;
        }
    }

    private static final class Order {
        final String customer;
        final String orderId;
        final long time;
        final long firstLine;
        final List<Line> lines = new ArrayList<>();

        Order(String customer, String orderId, long time, long firstLine) {
            this.customer = customer;
            this.orderId = orderId;
            this.time = time;
            this.firstLine = firstLine;
        }
    }

    private record Return(String customer, String product, long quantity, long time, long line) {}

    private record Bought(Order order, Line line) {}

    /** The purchases, in event-time order, and what happened to the returns. */
    record Result(List<PurchaseEvent> events, long lines, ImportSummary.Returns returns) {}

    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final List<Return> returns = new ArrayList<>();
    private long returnRows;

    void add(String customer, String orderRef, long time, long line, String product, String category,
             long quantity, double unitPrice) {
        String key = customer + '\u0000' + orderRef + '\u0000' + time;
        orders.computeIfAbsent(key, k -> new Order(customer,
                        orderRef.isEmpty() ? "csv-" + customer + "-" + time : orderRef, time, line))
                .lines.add(new Line(product, category, quantity, unitPrice));
    }

    /** A return of {@code quantity} (positive) units; {@code product} null when there is no product column. */
    void addReturn(String customer, String product, long quantity, long time, long line) {
        returnRows++;
        if (product != null) {
            returns.add(new Return(customer, product, quantity, time, line));
        }
    }

    Result finish(boolean net, String currency) {
        long netted = 0;
        long units = 0;
        long unmatched = returnRows - returns.size();
        if (net && !returns.isEmpty()) {
            Map<String, List<Bought>> bought = new HashMap<>();
            for (Order o : orders.values()) {
                for (Line l : o.lines) {
                    bought.computeIfAbsent(o.customer + '\u0000' + l.product, k -> new ArrayList<>()).add(new Bought(o, l));
                }
            }
            Comparator<Bought> byTime = Comparator.comparingLong((Bought b) -> b.order().time)
                    .thenComparingLong(b -> b.order().firstLine);
            bought.values().forEach(list -> list.sort(byTime));
            returns.sort(Comparator.comparingLong(Return::time).thenComparingLong(Return::line));
            for (Return r : returns) {
                long left = r.quantity();
                List<Bought> candidates = bought.getOrDefault(r.customer() + '\u0000' + r.product(), List.of());
                for (int i = candidates.size() - 1; i >= 0 && left > 0; i--) {
                    Bought b = candidates.get(i);
                    if (b.order().time > r.time() || b.line().quantity == 0) {
                        continue;
                    }
                    long taken = Math.min(left, b.line().quantity);
                    b.line().quantity -= taken;
                    left -= taken;
                    units += taken;
                }
                if (left == 0) {
                    netted++;
                } else {
                    unmatched++;
                }
            }
        }
        List<Order> sorted = new ArrayList<>(orders.values());
        sorted.sort(Comparator.comparingLong((Order o) -> o.time).thenComparingLong(o -> o.firstLine));
        List<PurchaseEvent> events = new ArrayList<>();
        long lines = 0;
        long emptied = 0;
        for (Order o : sorted) {
            List<OrderLine> kept = new ArrayList<>();
            for (Line l : o.lines) {
                if (l.quantity > 0) {
                    kept.add(new OrderLine(l.product, l.category, Math.toIntExact(l.quantity), l.unitPrice));
                }
            }
            if (kept.isEmpty()) {
                emptied++;
                continue;
            }
            events.add(PurchaseEvent.newBuilder()
                    .setEventId("csv-" + o.orderId + "-" + o.customer + "-" + o.time)
                    .setEventTime(o.time)
                    .setCustomerId(o.customer)
                    .setOrderId(o.orderId)
                    .setCurrency(currency)
                    .setLines(kept)
                    .build());
            lines += kept.size();
        }
        return new Result(events, lines, new ImportSummary.Returns(returnRows, netted, units,
                net ? unmatched : 0, emptied, net));
    }
}
