package io.kairos.loadgen.backtest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A holdout as CSV: a header row and one row per purchase, the customer and the time in named
 * columns (as {@code ./kairos fit-churn} reads). Times are ISO instants, ISO date-times (UTC),
 * dates (yyyy-MM-dd, midnight UTC) or epoch ms. A customer id a spreadsheet wrote as "17850.0"
 * is "17850", as {@code import-csv} makes it, so the ids meet the recording's. A row that cannot
 * be read stops the run with its line, column and value: a holdout with holes would score wrong.
 */
final class HoldoutCsv {
    private HoldoutCsv() {}

    static PurchaseHistory read(Path file, String customerColumn, String timeColumn)
            throws BacktestInputException, IOException {
        if (!Files.isReadable(file)) {
            throw new BacktestInputException("cannot read " + file);
        }
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        Map<String, TreeSet<Long>> purchases = new HashMap<>();
        long rows = 0;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(in)) {
            if (!it.hasNext()) {
                throw new BacktestInputException(file + " is empty: need a header with " + customerColumn + " and " + timeColumn);
            }
            List<String> header = it.next();
            int customerAt = column(header, customerColumn, file);
            int timeAt = column(header, timeColumn, file);
            while (true) {
                // Where the parser stands before a row is the row's first line (1-based), also
                // when an earlier row had a quoted line break.
                long line = it.getCurrentLocation().getLineNr() - 1;
                if (!it.hasNext()) {
                    break;
                }
                List<String> row = it.next();
                rows++;
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue; // a blank line
                }
                if (row.size() <= Math.max(customerAt, timeAt)) {
                    throw new BacktestInputException(String.format(Locale.ROOT,
                            "%s line %d: %d columns, need at least %d", file, line + 1, row.size(), Math.max(customerAt, timeAt) + 1));
                }
                String customer = customerId(row.get(customerAt));
                if (customer.isEmpty()) {
                    throw new BacktestInputException(String.format(Locale.ROOT, "%s line %d column %d (%s): empty customer id",
                            file, line + 1, customerAt + 1, customerColumn));
                }
                long time = time(row.get(timeAt), file, line + 1, timeAt + 1, timeColumn);
                purchases.computeIfAbsent(customer, c -> new TreeSet<>()).add(time);
            }
        } catch (RuntimeJsonMappingException e) {
            throw new BacktestInputException(file + ": not CSV as expected: " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BacktestInputException(file + ": not CSV as expected: " + e.getOriginalMessage());
        }
        Map<String, Long> firstEvents = new HashMap<>();
        purchases.forEach((c, times) -> firstEvents.put(c, times.first()));
        long last = purchases.values().stream().mapToLong(TreeSet::last).max().orElse(Long.MIN_VALUE);
        return new PurchaseHistory(purchases, firstEvents, rows, last);
    }

    private static int column(List<String> header, String name, Path file) throws BacktestInputException {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new BacktestInputException(file + ": no column " + name + " in the header " + header
                + " (--holdout-customer-column, --holdout-time-column)");
    }

    /** Trimmed; a numeric id written as "17850.0" is "17850" (as import-csv reads it). */
    static String customerId(String raw) {
        String id = raw.trim();
        if (id.endsWith(".0") && id.length() > 2 && id.substring(0, id.length() - 2).chars().allMatch(Character::isDigit)) {
            return id.substring(0, id.length() - 2);
        }
        return id;
    }

    static long time(String raw, Path file, long line, int column, String name) throws BacktestInputException {
        String v = raw.trim();
        try {
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(v).toEpochMilli();
            }
            return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException | NumberFormatException e) {
            throw new BacktestInputException(String.format(Locale.ROOT,
                    "%s line %d column %d (%s): '%s' is not a time; expected an ISO instant (2011-03-01T09:30:00Z),"
                            + " a date-time in UTC (2011-03-01 09:30:00), a date (2011-03-01) or epoch ms",
                    file, line, column, name, raw));
        }
    }
}
