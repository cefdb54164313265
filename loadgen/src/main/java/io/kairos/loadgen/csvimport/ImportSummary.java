package io.kairos.loadgen.csvimport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an import did: rows read, purchases made, returns netted, and every row skipped, by
 * reason, with its first lines and what was wrong with them (line, column, value, what was
 * expected). Times are epoch ms (0 when there is no purchase).
 *
 * @param rows data rows read (not the header, not blank lines), broken ones included
 * @param badRows rows that are wrong, by reason
 * @param filtered good rows left out on purpose (--from, --until), by reason
 * @param notes how the file was read (encoding, zone), for the report
 */
public record ImportSummary(long rows, long purchases, long lines, Returns returns, Map<String, Tally> badRows,
                            Map<String, Tally> filtered, long firstEventTime, long lastEventTime,
                            List<String> notes) {
    /** Lines (and their details) kept per reason, for the report. */
    public static final int LINES_KEPT = 5;

    /** How many rows of one reason, and the first few of them. */
    public record Tally(long count, List<Long> lines, List<String> details) {}

    /**
     * @param rows return rows (negative quantity) within the time window
     * @param netted of them, those taken off an earlier purchase of the same customer and product
     * @param units units taken off purchases
     * @param unmatched return rows (or parts of them) with no earlier purchase to take them off:
     *     bought before the file or the window starts, or not a product (postage, a discount)
     * @param purchasesEmptied purchases every line of which was returned, so not written
     */
    public record Returns(long rows, long netted, long units, long unmatched, long purchasesEmptied, boolean net) {}

    public long badRowCount() {
        return badRows.values().stream().mapToLong(Tally::count).sum();
    }

    /** Counts by reason, for tests and scripts. */
    public Map<String, Long> badRowCounts() {
        return badRows.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().count()));
    }

    public List<Long> linesOf(String reason) {
        Tally t = badRows.containsKey(reason) ? badRows.get(reason) : filtered.get(reason);
        return t == null ? List.of() : t.lines();
    }

    /** The report for people. */
    public String report() {
        StringBuilder s = new StringBuilder();
        notes.forEach(n -> s.append(n).append(String.format("%n")));
        s.append(String.format("%s: %s with %s", count(rows, "row"), count(purchases, "purchase"),
                count(lines, "order line")));
        if (purchases > 0) {
            s.append(String.format(", event time %s to %s", Instant.ofEpochMilli(firstEventTime),
                    Instant.ofEpochMilli(lastEventTime)));
        }
        if (returns.rows() > 0) {
            s.append(returns.net()
                    ? String.format("%nreturns: %s; %,d netted against earlier purchases of the same customer and"
                            + " product (%,d units; %,d purchases returned whole, not written); %,d without (enough of)"
                            + " such a purchase: what was not netted is dropped", count(returns.rows(), "row"), returns.netted(), returns.units(),
                            returns.purchasesEmptied(), returns.unmatched())
                    : String.format("%nreturns: %s, dropped (--returns skip)", count(returns.rows(), "row")));
        }
        appendReasons(s, "left out", filtered);
        appendReasons(s, "skipped as bad", badRows);
        return s.toString();
    }

    private static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static void appendReasons(StringBuilder s, String what, Map<String, Tally> reasons) {
        if (reasons.isEmpty()) {
            return;
        }
        s.append(String.format("%n%s: %s", what, count(reasons.values().stream().mapToLong(Tally::count).sum(), "row")));
        reasons.forEach((reason, t) -> {
            s.append(String.format("%n  %,d x %s (line%s %s%s)", t.count(), reason, t.count() == 1 ? "" : "s",
                    t.lines().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    t.count() > LINES_KEPT ? ", ..." : ""));
            t.details().forEach(d -> s.append(String.format("%n      %s", d)));
        });
    }

    /** Collects rows by reason while reading. */
    static final class Tallies {
        private final Map<String, Long> counts = new TreeMap<>();
        private final Map<String, List<Long>> lines = new TreeMap<>();
        private final Map<String, List<String>> details = new TreeMap<>();

        void add(String reason, long line, String detail) {
            counts.merge(reason, 1L, Long::sum);
            List<Long> l = lines.computeIfAbsent(reason, r -> new ArrayList<>());
            if (l.size() < LINES_KEPT) {
                l.add(line);
                details.computeIfAbsent(reason, r -> new ArrayList<>()).add("line " + line + ": " + detail);
            }
        }

        Map<String, Tally> toMap() {
            Map<String, Tally> m = new TreeMap<>();
            counts.forEach((r, c) -> m.put(r, new Tally(c, List.copyOf(lines.get(r)), List.copyOf(details.get(r)))));
            return m;
        }
    }
}
