package io.kairos.console;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Customers who moved between segments, FROM to TO, summed over the days read: the cells of the
 * {@code kairos:movements:{day}} hashes ({@code "FROM>TO" -> count}).
 */
public final class MovementMatrix {
    private final Map<String, Map<String, Long>> cells = new TreeMap<>();

    /** Adds one day's hash; a field that is not FROM>TO with a number is ignored. */
    public MovementMatrix addDay(Map<String, String> hash) {
        hash.forEach((field, value) -> {
            int arrow = field.indexOf('>');
            if (arrow <= 0 || arrow == field.length() - 1) {
                return;
            }
            long count;
            try {
                count = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return;
            }
            cells.computeIfAbsent(field.substring(0, arrow), k -> new TreeMap<>())
                    .merge(field.substring(arrow + 1), count, Long::sum);
        });
        return this;
    }

    public long count(String from, String to) {
        return cells.getOrDefault(from, Map.of()).getOrDefault(to, 0L);
    }

    public long max() {
        return cells.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).max().orElse(0);
    }

    public long total() {
        return cells.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Customers who moved down (see {@link Segments#isDown}). */
    public long down() {
        long sum = 0;
        for (var row : cells.entrySet()) {
            for (var cell : row.getValue().entrySet()) {
                if (Segments.isDown(row.getKey(), cell.getKey())) {
                    sum += cell.getValue();
                }
            }
        }
        return sum;
    }

    /** The known segments in pyramid order, then any other name found in a cell. */
    public List<String> segments() {
        Set<String> names = new LinkedHashSet<>(Segments.ORDER);
        cells.forEach((from, row) -> {
            names.add(from);
            names.addAll(row.keySet());
        });
        return new ArrayList<>(names);
    }
}
