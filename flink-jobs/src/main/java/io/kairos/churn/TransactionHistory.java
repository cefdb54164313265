package io.kairos.churn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A recorded purchase history (CSV with a header: one row per transaction, at least a customer
 * and a time column, chosen by name) turned into the BG/NBD summaries (x, tx, T) in days.
 *
 * <p>As is usual for BG/NBD, a customer's purchases on one calendar day (UTC) count as one: an
 * order split in two is not a repeat purchase. Bad rows (a missing column, a time that does not
 * parse) are counted, the first few with their reasons, and skipped: one broken line in a
 * million must not stop a refit.
 */
public final class TransactionHistory {
    private static final int REASONS_KEPT = 5;
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** What a file held: each customer's summary and, in the same order, their gaps. */
    public record Summary(
            List<CustomerHistory> customers, List<DormancyFit.Gaps> gaps, long rows, long badRows,
            List<String> badRowReasons, LocalDate firstDay, LocalDate observedUntil) {}

    private TransactionHistory() {}

    /**
     * @param observedUntil the end of observation; null for the latest day in the file
     */
    public static Summary read(Reader in, String customerColumn, String timeColumn, LocalDate observedUntil)
            throws IOException {
        BufferedReader lines = new BufferedReader(in);
        String header = lines.readLine();
        if (header == null) {
            throw new IllegalArgumentException("the file is empty: expected a header row");
        }
        List<String> columns = split(stripBom(header));
        int customerAt = indexOf(columns, customerColumn);
        int timeAt = indexOf(columns, timeColumn);

        Map<String, TreeSet<Long>> daysByCustomer = new HashMap<>();
        long rows = 0;
        long bad = 0;
        List<String> reasons = new ArrayList<>();
        long latest = Long.MIN_VALUE;
        long earliest = Long.MAX_VALUE;
        String line;
        long lineNumber = 1;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            rows++;
            List<String> fields = split(line);
            String problem = null;
            long day = 0;
            if (fields.size() <= Math.max(customerAt, timeAt)) {
                problem = "has " + fields.size() + " columns, the header " + columns.size();
            } else if (fields.get(customerAt).isBlank()) {
                problem = "no customer id";
            } else {
                try {
                    day = epochDay(fields.get(timeAt).trim());
                } catch (DateTimeParseException | NumberFormatException e) {
                    problem = "time '" + fields.get(timeAt) + "' is not an ISO instant, ISO date, yyyyMMdd or epoch millis";
                }
            }
            if (problem != null) {
                bad++;
                if (reasons.size() < REASONS_KEPT) {
                    reasons.add("line " + lineNumber + ": " + problem);
                }
                continue;
            }
            daysByCustomer.computeIfAbsent(fields.get(customerAt).trim(), c -> new TreeSet<>()).add(day);
            latest = Math.max(latest, day);
            earliest = Math.min(earliest, day);
        }
        if (daysByCustomer.isEmpty()) {
            throw new IllegalArgumentException("no usable rows (" + rows + " read, " + bad + " bad"
                    + (reasons.isEmpty() ? "" : "; " + reasons.get(0)) + ")");
        }
        long end = observedUntil != null ? observedUntil.toEpochDay() : latest;
        List<CustomerHistory> customers = new ArrayList<>(daysByCustomer.size());
        List<DormancyFit.Gaps> gaps = new ArrayList<>(daysByCustomer.size());
        for (TreeSet<Long> days : daysByCustomer.values()) {
            long first = days.first();
            if (first > end) {
                continue; // first bought after the observation ends: not observed
            }
            long last = days.floor(end);
            int x = days.headSet(end, true).size() - 1;
            customers.add(new CustomerHistory(x, last - first, end - first));
            gaps.add(DormancyFit.Gaps.ofDays(days.headSet(end, true).stream().mapToLong(Long::longValue).toArray(), end));
        }
        return new Summary(customers, gaps, rows, bad, List.copyOf(reasons), LocalDate.ofEpochDay(earliest),
                LocalDate.ofEpochDay(end));
    }

    static long epochDay(String value) {
        if (value.matches("\\d{8}")) {
            return LocalDate.parse(value, BASIC_DATE).toEpochDay();
        }
        if (value.matches("\\d{9,}")) {
            return Math.floorDiv(Long.parseLong(value), 86_400_000L);
        }
        if (value.length() == 10) {
            return LocalDate.parse(value).toEpochDay();
        }
        try {
            return OffsetDateTime.parse(value).toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(value).atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay();
            } catch (DateTimeParseException notInstant) {
                // "2011-12-09 12:50:00" or "2011-12-09T12:50": a local time, taken as UTC
                return LocalDateTime.parse(value.replace(' ', 'T')).toLocalDate().toEpochDay();
            }
        }
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in the header " + columns
                + "; name the right one with --customer-column / --time-column");
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Splits a CSV line on commas, honouring double quotes ("" inside quotes is a quote). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
