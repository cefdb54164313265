package io.kairos.loadgen.backtest;

import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.RecordingReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;

/**
 * Every customer's purchase times (epoch ms), from a recording or a holdout file: what the
 * backtest splits at {@code --until} into the calibration period the job sees and the holdout
 * it is scored against.
 */
public final class PurchaseHistory {
    private final Map<String, TreeSet<Long>> purchases;
    /** Each customer's first event of any kind (a visit, a consent, a purchase). */
    private final Map<String, Long> firstEvents;
    private final long events;
    private final long lastEvent;

    PurchaseHistory(Map<String, TreeSet<Long>> purchases, Map<String, Long> firstEvents, long events, long lastEvent) {
        this.purchases = purchases;
        this.firstEvents = firstEvents;
        this.events = events;
        this.lastEvent = lastEvent;
    }

    /** The purchases in a recording ({@code import-csv}, {@code record}, a Kafka capture). */
    public static PurchaseHistory fromRecording(Path file) throws BacktestInputException, IOException {
        if (!Files.isReadable(file)) {
            throw new BacktestInputException("cannot read " + file);
        }
        Map<String, TreeSet<Long>> purchases = new HashMap<>();
        Map<String, Long> firstEvents = new HashMap<>();
        long events = 0;
        long lastEvent = Long.MIN_VALUE;
        try (RecordingReader reader = RecordingReader.open(file)) {
            while (reader.hasNext()) {
                RecordedEvent e = reader.next();
                events++;
                lastEvent = Math.max(lastEvent, e.getEventTime());
                firstEvents.merge(e.getKey().toString(), e.getEventTime(), Math::min);
                if (e.getEvent() instanceof PurchaseEvent p) {
                    purchases.computeIfAbsent(p.getCustomerId(), c -> new TreeSet<>()).add(e.getEventTime());
                }
            }
        } catch (IOException | AvroRuntimeException e) {
            throw new BacktestInputException(file + " is not a recording (an Avro file from ./kairos import-csv,"
                    + " record or record --from-kafka): " + e.getMessage());
        }
        return new PurchaseHistory(purchases, firstEvents, events, lastEvent);
    }

    /** Customers with an event of any kind before {@code until}: whose profiles the job may have. */
    public Set<String> customersWithEventsBefore(long until) {
        return firstEvents.entrySet().stream().filter(e -> e.getValue() < until).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The latest event of anyone (of any kind), or Long.MIN_VALUE if none. */
    public long lastEvent() {
        return lastEvent;
    }

    /** The earliest event of anyone, or Long.MAX_VALUE if none. */
    public long firstEvent() {
        return firstEvents.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    /** Events read (all kinds), for the log. */
    public long events() {
        return events;
    }

    public Set<String> customers() {
        return Collections.unmodifiableSet(purchases.keySet());
    }

    public int customerCount() {
        return purchases.size();
    }

    public long purchaseCount() {
        return purchases.values().stream().mapToLong(Set::size).sum();
    }

    /** The customer's purchase times before {@code until}, ascending; empty if none. */
    public NavigableSet<Long> before(String customer, long until) {
        TreeSet<Long> times = purchases.get(customer);
        return times == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(times.headSet(until, false));
    }

    /** Customers with at least one purchase before {@code until}: the calibration customers. */
    public Set<String> customersBefore(long until) {
        return purchases.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty() && e.getValue().first() < until)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Customers with a purchase in [from, to). */
    public Set<String> customersBuyingIn(long from, long to) {
        return purchases.entrySet().stream()
                .filter(e -> e.getValue().ceiling(from) != null && e.getValue().ceiling(from) < to)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The latest purchase time of anyone, or Long.MIN_VALUE if none. */
    public long lastPurchase() {
        return purchases.values().stream().mapToLong(TreeSet::last).max().orElse(Long.MIN_VALUE);
    }

    /** The earliest purchase time of anyone, or Long.MAX_VALUE if none. */
    public long firstPurchase() {
        return purchases.values().stream().mapToLong(TreeSet::first).min().orElse(Long.MAX_VALUE);
    }
}
