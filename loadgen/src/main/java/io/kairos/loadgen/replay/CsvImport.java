package io.kairos.loadgen.replay;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a CSV of retail transactions (one row per order line: customer, time, and product,
 * quantity, price or amount, by column name) into {@link PurchaseEvent}s, one per order: rows of
 * the same customer, order and time become the lines of one purchase. Parsing is Jackson's CSV
 * parser (quotes, commas and line breaks inside quotes, a byte-order mark).
 *
 * <p>Bad rows are counted by reason, with the first few line numbers of each, and skipped: a
 * public data set always has some, and one must not stop an import. A return (a negative
 * quantity, or a negative amount when there is no quantity column; in the UCI Online Retail set
 * the "C" invoices) is not a bad row but not a purchase either: the event has no way to say
 * "returned", and as a purchase it would count as spend, so returns are skipped and counted on
 * their own. A line with price 0 (a free item) is kept.
 *
 * <p>Orders are grouped in memory and written in event-time order; a 542 000-row file in the
 * Online Retail layout imports within a 512 MB heap.
 */
public final class CsvImport {
    /** Line numbers kept per reason, for the report. */
    static final int LINES_KEPT = 5;
    /** Product and category when the file has no such column. */
    public static final String UNKNOWN_PRODUCT = "unknown";
    public static final String UNKNOWN_CATEGORY = "uncategorized";

    /**
     * Which column holds what, by header name (case-insensitive). Customer and time are
     * required, and a price or an amount; the rest may be null.
     */
    public record Columns(String customer, String time, String order, String product, String category,
                          String quantity, String price, String amount) {}

    /**
     * @param timeFormat a {@link DateTimeFormatter} pattern (e.g. {@code M/d/yyyy H:mm}), or null
     *     for ISO instants, date-times ({@code T} or space), dates, {@code yyyyMMdd} or epoch ms
     * @param zone the zone of times without an offset
     */
    public record Options(Columns columns, String timeFormat, ZoneId zone, String currency, char separator) {}

    /** Layouts of public data sets, so that one flag sets every column. */
    public enum Layout {
        /** UCI "Online Retail" (2010-2011): InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country. */
        ONLINE_RETAIL(new Columns("CustomerID", "InvoiceDate", "InvoiceNo", "StockCode", null, "Quantity",
                "UnitPrice", null), "M/d/yyyy H:mm", "GBP"),
        /** UCI "Online Retail II" (2009-2011): Invoice, StockCode, Description, Quantity, InvoiceDate, Price, Customer ID, Country. */
        ONLINE_RETAIL_II(new Columns("Customer ID", "InvoiceDate", "Invoice", "StockCode", null, "Quantity",
                "Price", null), null, "GBP");

        public final Columns columns;
        public final String timeFormat;
        public final String currency;

        Layout(Columns columns, String timeFormat, String currency) {
            this.columns = columns;
            this.timeFormat = timeFormat;
            this.currency = currency;
        }
    }

    /** What an import did. Times are epoch ms (0 when nothing was written). */
    public record Summary(long rows, long purchases, long lines, long returnsSkipped,
                          Map<String, Long> badRows, Map<String, List<Long>> badRowLines,
                          long firstEventTime, long lastEventTime) {
        public long badRowCount() {
            return badRows.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The report for people: totals, then each reason of bad rows with its first lines. */
        public String report() {
            StringBuilder s = new StringBuilder(String.format(
                    "%,d rows: %,d purchases with %,d order lines; %,d returns skipped; %,d bad rows",
                    rows, purchases, lines, returnsSkipped, badRowCount()));
            if (purchases > 0) {
                s.append(String.format("; event time %s to %s", Instant.ofEpochMilli(firstEventTime),
                        Instant.ofEpochMilli(lastEventTime)));
            }
            badRows.forEach((reason, count) -> s.append(String.format("%n  %,d x %s (line%s %s%s)", count, reason,
                    count == 1 ? "" : "s", badRowLines.get(reason).toString().replaceAll("[\\[\\]]", ""),
                    count > LINES_KEPT ? ", ..." : "")));
            return s.toString();
        }
    }

    private static final class Order {
        final String customer;
        final String orderId;
        final long time;
        final long firstLine;
        final List<OrderLine> lines = new ArrayList<>();

        Order(String customer, String orderId, long time, long firstLine) {
            this.customer = customer;
            this.orderId = orderId;
            this.time = time;
            this.firstLine = firstLine;
        }
    }

    private final Options options;
    private final DateTimeFormatter formatter;
    private final Map<String, Long> bad = new TreeMap<>();
    private final Map<String, List<Long>> badLines = new TreeMap<>();

    private CsvImport(Options options) {
        this.options = options;
        this.formatter = options.timeFormat() == null ? null
                : DateTimeFormatter.ofPattern(options.timeFormat(), Locale.ROOT);
    }

    /**
     * Reads the CSV and writes its purchases to {@code out} in event-time order.
     *
     * @throws IllegalArgumentException when a named column is not in the header (nothing is
     *     written then), or the options are incomplete
     */
    public static Summary run(InputStream csv, Options options, RecordingWriter out) throws IOException {
        Columns c = options.columns();
        if (c.customer() == null || c.time() == null) {
            throw new IllegalArgumentException("name the customer and the time columns");
        }
        if (c.price() == null && c.amount() == null) {
            throw new IllegalArgumentException("name a price column (with a quantity column, or 1 each) or an amount column");
        }
        return new CsvImport(options).read(csv, out);
    }

    private Summary read(InputStream csv, RecordingWriter out) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(options.separator());
        Map<String, Order> orders = new LinkedHashMap<>();
        long rows = 0;
        long returns = 0;
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).with(schema).readValues(csv)) {
            if (!it.hasNextValue()) {
                throw new IllegalArgumentException("the file is empty: expected a header row");
            }
            String[] header = it.nextValue();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            Columns c = options.columns();
            int customerAt = column(header, c.customer(), "--customer-column");
            int timeAt = column(header, c.time(), "--time-column");
            int orderAt = column(header, c.order(), "--order-column");
            int productAt = column(header, c.product(), "--product-column");
            int categoryAt = column(header, c.category(), "--category-column");
            int quantityAt = column(header, c.quantity(), "--quantity-column");
            int priceAt = column(header, c.price(), "--price-column");
            int amountAt = column(header, c.amount(), "--amount-column");
            while (true) {
                long line;
                String[] row;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    line = it.getParser().currentLocation().getLineNr(); // where the record starts
                    row = it.nextValue();
                } catch (IOException | RuntimeException e) {
                    // A CSV syntax error (an unclosed quote, say): report it; go on if the parser can.
                    JsonLocation at = it.getParser().currentLocation();
                    rows++;
                    count("not readable as CSV", at.getLineNr());
                    if (it.getParser().isClosed()) {
                        break;
                    }
                    continue;
                }
                if (row.length == 1 && row[0].isBlank()) {
                    continue; // an empty line
                }
                rows++;
                if (row.length != header.length) {
                    count("wrong column count", line);
                    continue;
                }
                String customer = customerId(row[customerAt]);
                if (customer.isEmpty()) {
                    count("no customer", line);
                    continue;
                }
                long time;
                try {
                    time = parseTime(row[timeAt].trim());
                } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
                    count("unparsable time", line);
                    continue;
                }
                Long quantity = 1L;
                if (quantityAt >= 0) {
                    quantity = parseQuantity(row[quantityAt]);
                    if (quantity == null) {
                        count("unparsable quantity", line);
                        continue;
                    }
                }
                Double price = priceAt >= 0 ? parseNumber(row[priceAt]) : null;
                Double amount = amountAt >= 0 ? parseNumber(row[amountAt]) : null;
                if ((priceAt >= 0 && price == null) || (amountAt >= 0 && amount == null)) {
                    count(priceAt >= 0 && price == null ? "unparsable price" : "unparsable amount", line);
                    continue;
                }
                if (quantity < 0 || (quantityAt < 0 && amount != null && amount < 0)) {
                    returns++;
                    continue;
                }
                if (quantity == 0) {
                    count("zero quantity", line);
                    continue;
                }
                double unitPrice = price != null ? price : amount / quantity;
                if (unitPrice < 0) {
                    count("negative price", line);
                    continue;
                }
                String orderRef = orderAt >= 0 ? row[orderAt].trim() : "";
                String product = productAt >= 0 && !row[productAt].isBlank() ? row[productAt].trim() : UNKNOWN_PRODUCT;
                String category = categoryAt >= 0 && !row[categoryAt].isBlank() ? row[categoryAt].trim() : UNKNOWN_CATEGORY;
                String key = customer + '\u0000' + orderRef + '\u0000' + time;
                long rowTime = time;
                orders.computeIfAbsent(key, k -> new Order(customer,
                                orderRef.isEmpty() ? "csv-" + customer + "-" + rowTime : orderRef, rowTime, line))
                        .lines.add(new OrderLine(product, category, Math.toIntExact(quantity), unitPrice));
            }
        }
        List<Order> sorted = new ArrayList<>(orders.values());
        sorted.sort(Comparator.comparingLong((Order o) -> o.time).thenComparingLong(o -> o.firstLine));
        long lines = 0;
        for (Order o : sorted) {
            out.append(PurchaseEvent.newBuilder()
                    .setEventId("csv-" + o.orderId + "-" + o.customer + "-" + o.time)
                    .setEventTime(o.time)
                    .setCustomerId(o.customer)
                    .setOrderId(o.orderId)
                    .setCurrency(options.currency())
                    .setLines(o.lines)
                    .build(), null);
            lines += o.lines.size();
        }
        return new Summary(rows, sorted.size(), lines, returns, Map.copyOf(bad), Map.copyOf(badLines),
                sorted.isEmpty() ? 0 : sorted.get(0).time, sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1).time);
    }

    private void count(String reason, long line) {
        bad.merge(reason, 1L, Long::sum);
        List<Long> lines = badLines.computeIfAbsent(reason, r -> new ArrayList<>());
        if (lines.size() < LINES_KEPT) {
            lines.add(line);
        }
    }

    private static int column(String[] header, String name, String flag) {
        if (name == null) {
            return -1;
        }
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in the header " + List.of(header)
                + "; name the right one with " + flag);
    }

    /** Trimmed; a numeric id a spreadsheet wrote as "17850.0" is "17850". */
    static String customerId(String raw) {
        String id = raw.trim();
        if (id.endsWith(".0") && id.length() > 2 && id.substring(0, id.length() - 2).chars().allMatch(Character::isDigit)) {
            return id.substring(0, id.length() - 2);
        }
        return id;
    }

    long parseTime(String value) {
        if (formatter != null) {
            TemporalAccessor t = formatter.parseBest(value, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            if (t instanceof ZonedDateTime z) {
                return z.toInstant().toEpochMilli();
            } else if (t instanceof LocalDateTime l) {
                return l.atZone(options.zone()).toInstant().toEpochMilli();
            }
            return ((LocalDate) t).atStartOfDay(options.zone()).toInstant().toEpochMilli();
        }
        if (value.matches("\\d{9,}")) {
            return Long.parseLong(value);
        }
        if (value.matches("\\d{8}")) {
            return LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(options.zone())
                    .toInstant().toEpochMilli();
        }
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(options.zone()).toInstant().toEpochMilli();
        }
        String iso = value.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli(); // also takes "Z"
        } catch (DateTimeException noOffset) {
            return LocalDateTime.parse(iso).atZone(options.zone()).toInstant().toEpochMilli();
        }
    }

    private static Long parseQuantity(String raw) {
        Double q = parseNumber(raw);
        if (q == null || q != Math.rint(q) || Math.abs(q) > Integer.MAX_VALUE) {
            return null;
        }
        return q.longValue();
    }

    private static Double parseNumber(String raw) {
        try {
            double v = Double.parseDouble(raw.trim());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
