package io.kairos.loadgen;

import io.kairos.loadgen.csvimport.ByteSource;
import io.kairos.loadgen.csvimport.Columns;
import io.kairos.loadgen.csvimport.CsvImport;
import io.kairos.loadgen.csvimport.EventTimes;
import io.kairos.loadgen.csvimport.ImportFailure;
import io.kairos.loadgen.csvimport.ImportFile;
import io.kairos.loadgen.csvimport.Layout;
import io.kairos.loadgen.csvimport.RowReader;
import io.kairos.loadgen.replay.RecordingWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos import-csv --in transactions.csv --out events.avro ...}: a public retail
 * transaction set as a recording of purchases, for {@code ./kairos replay}. Exit 0 when
 * purchases were written, 1 when the file stopped the import (nothing written), 2 for options
 * that do not fit the file.
 */
@Command(
        name = "import-csv",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports a CSV of retail transactions (one row per order line) as a recording of PurchaseEvents:"
                    + " rows of the same customer, order and time become one purchase.",
            "Bad rows are skipped and reported by reason with their line, column, value and what was expected;"
                    + " a row that cannot be split (an unterminated quote) costs only its own line. Returns"
                    + " (negative quantity) are netted against the customer's earlier purchases of the product.",
            "The recording is written to a temporary file and moved into place only when complete.",
            "Exit 0: written; 1: the file stopped the import, nothing written; 2: options do not fit the file."
        })
public final class ImportCsvCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "The CSV file.")
    Path in;

    @Option(names = "--out", required = true, description = "The recording to write (replaced only on success).")
    Path out;

    @Option(names = "--layout", converter = LayoutConverter.class,
            description = "Columns, time format, currency and zone of a known data set: online-retail (UCI Online"
                    + " Retail: InvoiceNo, StockCode, Description, Quantity, InvoiceDate as M/d/yyyy H:mm,"
                    + " UnitPrice, CustomerID, Country; GBP; Europe/London) or online-retail-ii (Invoice, ...,"
                    + " Price, Customer ID, Country). Flags given as well win.")
    Layout layout;

    static final class LayoutConverter implements CommandLine.ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            Layout l = Layout.named(value);
            if (l == null) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a layout; use online-retail or online-retail-ii");
            }
            return l;
        }
    }

    @Option(names = "--customer-column", description = "Customer id column: a header name, or a position from 1"
            + " (required without --layout).")
    String customerColumn;

    @Option(names = "--time-column", description = "Time of the order line (required without --layout).")
    String timeColumn;

    @Option(names = "--order-column", description = "Order or invoice number; without it, a customer's rows of one time are one order.")
    String orderColumn;

    @Option(names = "--product-column", description = "Product id (default: '" + CsvImport.UNKNOWN_PRODUCT + "').")
    String productColumn;

    @Option(names = "--category-column", description = "Product category (default: '" + CsvImport.UNKNOWN_CATEGORY + "').")
    String categoryColumn;

    @Option(names = "--quantity-column", description = "Quantity (default: 1 per row).")
    String quantityColumn;

    @Option(names = "--price-column", description = "Unit price.")
    String priceColumn;

    @Option(names = "--amount-column",
            description = "Line total, when there is no unit price (unit price = amount / quantity).")
    String amountColumn;

    @Option(names = "--no-header", description = "The first line is a row, not names: give columns by position"
            + " (or a --layout, whose column order is used).")
    boolean noHeader;

    @Option(names = "--time-format",
            description = "java.time pattern of the time column, e.g. 'M/d/yyyy H:mm' (default: the layout's, then"
                    + " ISO instant or date-time with T or space, yyyy-MM-dd, yyyyMMdd, or epoch ms).")
    String timeFormat;

    @Option(names = "--time-zone",
            description = "Zone of times without an offset (default: the layout's, Europe/London for Online Retail;"
                    + " else UTC).")
    String timeZone;

    @Option(names = "--from", description = "Leave out rows before this event time: a date (midnight in the time"
            + " zone), a date-time, an ISO instant or epoch ms.")
    String from;

    @Option(names = "--until", description = "Leave out rows at or after this event time (as --from).")
    String until;

    @Option(names = "--currency", description = "Currency of the prices (default: EUR, or the layout's).")
    String currency;

    @Option(names = "--separator", defaultValue = ",",
            description = "Column separator: one character, tab (or \\t), or whitespace (runs of spaces and tabs)"
                    + " (default '${DEFAULT-VALUE}').")
    String separator;

    @Option(names = "--encoding", defaultValue = "auto",
            description = "The file's encoding, e.g. UTF-8, ISO-8859-1, windows-1252; auto (default): UTF-8, and"
                    + " ISO-8859-1 for the whole file if a byte is not UTF-8 (said so in the summary).")
    String encoding;

    @Option(names = "--returns", defaultValue = "net",
            description = "net (default): take returns off the customer's latest earlier purchases of the product;"
                    + " skip: drop them.")
    String returns;

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    CsvImport.Options options() {
        Columns base = layout != null ? layout.columns : Columns.NONE;
        Columns columns = new Columns(
                or(customerColumn, base.customer()), or(timeColumn, base.time()), or(orderColumn, base.order()),
                or(productColumn, base.product()), or(categoryColumn, base.category()),
                or(quantityColumn, base.quantity()),
                // one money column on the command line replaces the layout's
                amountColumn != null ? priceColumn : or(priceColumn, base.price()),
                priceColumn != null ? amountColumn : or(amountColumn, base.amount()));
        ZoneId zone = layout != null ? layout.zone : ZoneId.of("UTC");
        if (timeZone != null) {
            try {
                zone = ZoneId.of(timeZone.trim());
            } catch (DateTimeException e) {
                throw usage("unknown --time-zone '" + timeZone + "'; e.g. UTC, Europe/London, +01:00");
            }
        }
        List<String> formats = timeFormat != null ? List.of(timeFormat) : layout != null ? layout.timeFormats : List.of();
        try {
            new EventTimes(formats, true, zone);
        } catch (IllegalArgumentException e) {
            throw usage("bad --time-format '" + timeFormat + "': " + e.getMessage());
        }
        Charset charset = null;
        if (!encoding.equalsIgnoreCase("auto")) {
            try {
                charset = Charset.forName(encoding.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw usage("unknown --encoding '" + encoding + "'; e.g. UTF-8, ISO-8859-1, windows-1252, or auto");
            }
        }
        if (!returns.equals("net") && !returns.equals("skip")) {
            throw usage("--returns is net or skip, not '" + returns + "'");
        }
        Long fromMs = bound("--from", from, zone);
        Long untilMs = bound("--until", until, zone);
        if (fromMs != null && untilMs != null && fromMs >= untilMs) {
            throw usage("--from must be before --until");
        }
        return new CsvImport.Options(layout, columns, formats, timeFormat == null, zone,
                or(currency, layout != null ? layout.currency : "EUR"), separator(), !noHeader, charset,
                fromMs, untilMs, returns.equals("net"));
    }

    private Long bound(String flag, String value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        try {
            return EventTimes.bound(value, zone);
        } catch (DateTimeException e) {
            throw usage(flag + " '" + value + "' is not a time; use a date (2011-06-01), a date-time"
                    + " (2011-06-01T12:00, in the time zone), an ISO instant or epoch ms");
        }
    }

    private char separator() {
        String s = separator;
        switch (s.toLowerCase(Locale.ROOT)) {
            case "whitespace", "blanks" -> {
                return RowReader.WHITESPACE;
            }
            case "tab", "\\t" -> {
                return '\t';
            }
            case "space" -> {
                return ' ';
            }
            default -> {
                if (s.length() != 1 || s.charAt(0) == '"' || s.charAt(0) == '\n' || s.charAt(0) == '\r') {
                    throw usage("--separator is one character (not a quote), tab or whitespace, not '" + s + "'");
                }
                return s.charAt(0);
            }
        }
    }

    private static String or(String given, String fallback) {
        return given != null ? given : fallback;
    }

    @Override
    public Integer call() {
        CsvImport.Options options = options();
        long started = System.nanoTime();
        try {
            if (!Files.isRegularFile(in)) {
                throw ImportFailure.usage("--in " + in + ": " + (Files.exists(in) ? "not a file" : "no such file"));
            }
            ImportFile.checkWritable(in, out);
            CsvImport.Result result = CsvImport.read(ByteSource.of(in), options);
            System.out.printf("read %s: %s%n", in, result.summary().report());
            if (result.purchases().isEmpty()) {
                spec.commandLine().getErr().printf("import-csv: no purchases in %s (see the reasons above); %s not"
                        + " written%n", in, out);
                return ImportFailure.DATA;
            }
            RecordingWriter.Summary written = ImportFile.write(out, "imported from CSV " + in.getFileName()
                    + " columns " + options.columns() + " time formats " + options.timeFormats() + " zone "
                    + options.zone(), result.purchases());
            System.out.printf("wrote %s: %s in %.1f s%n", out, written, (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (ImportFailure e) {
            spec.commandLine().getErr().println("import-csv: " + e.getMessage());
            return e.exitCode();
        } catch (NoSuchFileException | AccessDeniedException e) {
            spec.commandLine().getErr().println("import-csv: cannot open " + e.getFile() + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : "permission denied"));
            return ImportFailure.USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("import-csv: reading " + in + " or writing " + out + " failed: " + e);
            return ImportFailure.DATA;
        }
    }
}
