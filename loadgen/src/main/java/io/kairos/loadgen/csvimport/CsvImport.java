package io.kairos.loadgen.csvimport;

import io.kairos.events.PurchaseEvent;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a file of retail transactions (one row per order line: customer, time, and product,
 * quantity, price or amount, by column name or position) into {@link PurchaseEvent}s, one per
 * order: rows of the same customer, order and time become the lines of one purchase.
 *
 * <p>Any byte sequence ends with a result or an {@link ImportFailure}: the encoding is checked
 * before reading ({@link TextDecoding}), rows are split by {@link RowReader}, which reports a
 * row it cannot split and goes on at the next line, and every bad row is counted by reason with
 * its line, column, value and what was expected, and skipped: a public data set always has some,
 * and they must not stop an import or take good rows with them. Returns (a negative quantity,
 * or a negative amount when there is no quantity column) are netted against the customer's
 * earlier purchases of the product ({@link Purchases}). A line with price 0 is kept.
 */
public final class CsvImport {
    /** Product and category when the file has no such column. */
    public static final String UNKNOWN_PRODUCT = "unknown";
    public static final String UNKNOWN_CATEGORY = "uncategorized";

    /**
     * @param layout the data set's layout, or null; its columns, formats and zone are already in
     *     the other fields; it names the columns of a file without a header
     * @param timeFormats {@code java.time} patterns tried in order
     * @param commonTimeForms whether the common forms of {@link EventTimes} are tried after them
     * @param separator a character, or {@link RowReader#WHITESPACE}
     * @param encoding null to detect UTF-8 or ISO-8859-1
     * @param from event times before this (epoch ms) are left out; null for no bound
     * @param until event times at or after this are left out; null for no bound
     * @param netReturns net returns against purchases (else drop them)
     */
    public record Options(Layout layout, Columns columns, List<String> timeFormats, boolean commonTimeForms,
                          ZoneId zone, String currency, char separator, boolean header, Charset encoding,
                          Long from, Long until, boolean netReturns) {
        /** A file with a header, comma-separated, encoding detected, no window, returns netted. */
        public static Options of(Columns columns, String timeFormat, ZoneId zone, String currency) {
            return new Options(null, columns, timeFormat == null ? List.of() : List.of(timeFormat),
                    timeFormat == null, zone, currency, ',', true, null, null, null, true);
        }

        public static Options of(Layout layout) {
            return new Options(layout, layout.columns, layout.timeFormats, true, layout.zone, layout.currency, ',',
                    true, null, null, null, true);
        }

        public Options withSeparator(char s) {
            return new Options(layout, columns, timeFormats, commonTimeForms, zone, currency, s, header, encoding,
                    from, until, netReturns);
        }

        public Options withoutHeader() {
            return new Options(layout, columns, timeFormats, commonTimeForms, zone, currency, separator, false,
                    encoding, from, until, netReturns);
        }

        public Options withWindow(Long from, Long until) {
            return new Options(layout, columns, timeFormats, commonTimeForms, zone, currency, separator, header,
                    encoding, from, until, netReturns);
        }

        public Options withEncoding(Charset encoding) {
            return new Options(layout, columns, timeFormats, commonTimeForms, zone, currency, separator, header,
                    encoding, from, until, netReturns);
        }

        public Options withNetReturns(boolean net) {
            return new Options(layout, columns, timeFormats, commonTimeForms, zone, currency, separator, header,
                    encoding, from, until, net);
        }
    }

    /** The purchases, in event-time order, and the summary. */
    public record Result(ImportSummary summary, List<PurchaseEvent> purchases) {}

    private final Options options;
    private final EventTimes times;
    private final ImportSummary.Tallies bad = new ImportSummary.Tallies();
    private final ImportSummary.Tallies filtered = new ImportSummary.Tallies();
    private final Purchases purchases = new Purchases();
    private List<String> names; // the header's, the layout's, or null: for messages
    private Columns.At at;
    private int width;
    private long rows;

    private CsvImport(Options options) {
        this.options = options;
        this.times = new EventTimes(options.timeFormats(), options.commonTimeForms(), options.zone());
    }

    /**
     * Reads the file. Nothing is written here: see {@link ImportFile} for the recording.
     *
     * @throws ImportFailure for options that do not fit the file (usage) or a file that cannot be
     *     read as text or has no header (data)
     * @throws IllegalArgumentException when a time format is not a {@code java.time} pattern
     */
    public static Result read(ByteSource source, Options options) throws IOException, ImportFailure {
        CsvImport importer = new CsvImport(options);
        TextDecoding.Decided decoding = TextDecoding.decide(source, options.encoding());
        try (Reader text = decoding.open(source)) {
            return importer.read(new RowReader(text, options.separator()), decoding);
        }
    }

    private Result read(RowReader reader, TextDecoding.Decided decoding) throws IOException, ImportFailure {
        RowReader.Row first = firstRow(reader);
        if (first == null) {
            throw ImportFailure.data(options.header() ? "the file is empty: expected a header row"
                    : "the file has no rows");
        }
        width = first.fields().length;
        if (options.header()) {
            String[] header = first.fields();
            if (header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            names = Arrays.stream(header).map(String::trim).toList();
            resolveHeader();
        } else {
            names = options.layout() != null && options.layout().header.size() == width ? options.layout().header : null;
            at = options.columns().resolve(names, width, "the first row (line " + first.line() + ")");
        }
        reader.expectColumns(width);
        if (!options.header()) {
            rows++;
            row(first);
        }
        for (RowReader.Next next = reader.next(); next != null; next = reader.next()) {
            rows++;
            if (next instanceof RowReader.Broken b) {
                bad.add("not readable as CSV", b.line(), "character " + b.character() + ": " + b.problem());
            } else {
                row((RowReader.Row) next);
            }
        }
        Purchases.Result result = purchases.finish(options.netReturns(), options.currency());
        List<PurchaseEvent> events = result.events();
        List<String> notes = new ArrayList<>();
        notes.add(String.format("text: %s%s; times without an offset in %s%s", decoding.charset(),
                decoding.note() == null ? "" : " (" + decoding.note() + ")", options.zone(),
                options.layout() != null && options.layout().zone.equals(options.zone())
                        ? " (the " + options.layout().flagValue() + " layout's; --time-zone to change)" : ""));
        if (options.from() != null || options.until() != null) {
            notes.add("window: " + (options.from() == null ? "the start" : times.show(options.from())) + " to "
                    + (options.until() == null ? "the end" : times.show(options.until()) + " (excluded)"));
        }
        if (at.product() < 0 && result.returns().rows() > 0 && options.netReturns()) {
            notes.add("returns cannot be netted without a --product-column: they are dropped");
        }
        return new Result(new ImportSummary(rows, events.size(), result.lines(), result.returns(), bad.toMap(),
                filtered.toMap(), events.isEmpty() ? 0 : events.get(0).getEventTime(),
                events.isEmpty() ? 0 : events.get(events.size() - 1).getEventTime(), List.copyOf(notes)), events);
    }

    /** The first row that can be split; those before it are counted as broken. */
    private RowReader.Row firstRow(RowReader reader) throws IOException, ImportFailure {
        for (RowReader.Next next = reader.next(); next != null; next = reader.next()) {
            if (next instanceof RowReader.Row r) {
                return r;
            }
            RowReader.Broken b = (RowReader.Broken) next;
            if (options.header()) {
                throw ImportFailure.data(String.format("line %d, the header row, is not readable: character %d: %s",
                        b.line(), b.character(), b.problem()));
            }
            rows++;
            bad.add("not readable as CSV", b.line(), "character " + b.character() + ": " + b.problem());
        }
        return null;
    }

    private void resolveHeader() throws ImportFailure {
        Layout layout = options.layout();
        Layout other = Layout.matching(names, layout);
        List<String> missing = options.columns().missing(names);
        boolean unnamed = options.columns().customer() == null || options.columns().time() == null;
        if ((!missing.isEmpty() || unnamed) && other != null) {
            throw ImportFailure.usage(String.format("%sthe header %s is the %s layout's: use --layout %s",
                    missing.isEmpty() ? "" : "no column " + String.join(", ", missing) + "; ", names,
                    other.flagValue(), other.flagValue()));
        }
        if (!missing.isEmpty() && layout != null) {
            throw ImportFailure.usage(String.format("the header %s is not the %s layout's %s (no column %s)%s",
                    names, layout.flagValue(), layout.header, String.join(", ", missing),
                    names.size() == layout.header.size()
                            ? "; if the file has no header row, add --no-header" : "; name the columns with"
                            + " --customer-column and the like"));
        }
        at = options.columns().resolve(names, width, "the header");
    }

    private String column(int index) {
        return "column " + (index + 1) + (names != null && index < names.size() ? " (" + names.get(index) + ")" : "");
    }

    private static String value(String raw) {
        return RowReader.show(raw.length() > 40 ? raw.substring(0, 40) + "..." : raw);
    }

    private void row(RowReader.Row row) {
        String[] f = row.fields();
        long line = row.line();
        if (f.length != width) {
            bad.add("wrong column count", line, String.format("%d columns, expected %d as in the %s", f.length, width,
                    options.header() ? "header" : "first row"));
            return;
        }
        String customer = customerId(f[at.customer()]);
        if (customer.isEmpty()) {
            bad.add("no customer", line, column(at.customer()) + " is empty; expected a customer id");
            return;
        }
        long time;
        try {
            time = times.parse(f[at.time()]);
        } catch (DateTimeException e) {
            bad.add("unparsable time", line, column(at.time()) + " " + value(f[at.time()]) + ": expected "
                    + times.expected());
            return;
        }
        if (options.from() != null && time < options.from()) {
            filtered.add("before --from", line, column(at.time()) + " " + value(f[at.time()]));
            return;
        }
        if (options.until() != null && time >= options.until()) {
            filtered.add("at or after --until", line, column(at.time()) + " " + value(f[at.time()]));
            return;
        }
        long quantity = 1;
        if (at.quantity() >= 0) {
            Long q = parseQuantity(f[at.quantity()]);
            if (q == null) {
                bad.add("unparsable quantity", line, column(at.quantity()) + " " + value(f[at.quantity()])
                        + ": expected a whole number");
                return;
            }
            quantity = q;
        }
        Double price = at.price() >= 0 ? parseNumber(f[at.price()]) : null;
        if (at.price() >= 0 && price == null) {
            bad.add("unparsable price", line, column(at.price()) + " " + value(f[at.price()])
                    + ": expected a number like 2.55");
            return;
        }
        Double amount = at.amount() >= 0 ? parseNumber(f[at.amount()]) : null;
        if (at.amount() >= 0 && amount == null) {
            bad.add("unparsable amount", line, column(at.amount()) + " " + value(f[at.amount()])
                    + ": expected a number like 19.90");
            return;
        }
        String product = at.product() >= 0 && !f[at.product()].isBlank() ? f[at.product()].trim() : UNKNOWN_PRODUCT;
        if (quantity < 0 || (at.quantity() < 0 && amount != null && amount < 0)) {
            purchases.addReturn(customer, at.product() >= 0 ? product : null, Math.abs(quantity), time, line);
            return;
        }
        if (quantity == 0) {
            bad.add("zero quantity", line, column(at.quantity()) + " is 0; expected a number of units");
            return;
        }
        double unitPrice = price != null ? price : amount / quantity;
        if (unitPrice < 0) {
            int c = at.price() >= 0 ? at.price() : at.amount();
            bad.add("negative price", line, column(c) + " " + value(f[c]) + " with a positive quantity; expected"
                    + " a price of 0 or more (a return has a negative quantity)");
            return;
        }
        String orderRef = at.order() >= 0 ? f[at.order()].trim() : "";
        String category = at.category() >= 0 && !f[at.category()].isBlank() ? f[at.category()].trim() : UNKNOWN_CATEGORY;
        purchases.add(customer, orderRef, time, line, product, category, quantity, unitPrice);
    }

    /** Trimmed; a numeric id a spreadsheet wrote as "17850.0" is "17850". */
    static String customerId(String raw) {
        String id = raw.trim();
        if (id.endsWith(".0") && id.length() > 2 && id.substring(0, id.length() - 2).chars().allMatch(Character::isDigit)) {
            return id.substring(0, id.length() - 2);
        }
        return id;
    }

    private static Long parseQuantity(String raw) {
        Double q = parseNumber(raw);
        if (q == null || q != Math.rint(q) || Math.abs(q) > Integer.MAX_VALUE) {
            return null;
        }
        return q.longValue();
    }

    private static Double parseNumber(String raw) {
        String s = raw.trim();
        if (s.isEmpty() || s.length() > 40 || !s.chars().allMatch(c -> c < 128)) {
            return null; // Double.parseDouble would take "1d", "0x1p3", "NaN"; not what a price looks like
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) && !s.matches(".*[dDfFxXpP].*") ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
