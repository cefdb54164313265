package io.kairos.loadgen;

import io.kairos.loadgen.replay.CsvImport;
import io.kairos.loadgen.replay.RecordingWriter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos import-csv --in transactions.csv --out events.avro ...}: a public retail
 * transaction set as a recording of purchases, for {@code ./kairos replay}.
 */
@Command(
        name = "import-csv",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports a CSV of retail transactions (header row; one row per order line) as a recording of"
                    + " PurchaseEvents: rows of the same customer, order and time become one purchase.",
            "Bad rows (no customer, unparsable time, quantity, price or amount, wrong column count) are"
                    + " counted by reason with their first line numbers and skipped. Returns (negative"
                    + " quantity, or negative amount without a quantity column) are skipped and counted.",
            "--layout online-retail sets every column for the UCI Online Retail set; flags given as well win."
        })
public final class ImportCsvCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, description = "The CSV file.")
    Path in;

    @Option(names = "--out", required = true, description = "The recording to write (replaced if it exists).")
    Path out;

    @Option(names = "--layout", converter = LayoutConverter.class,
            description = "Columns of a known data set: online-retail (UCI Online Retail: InvoiceNo, StockCode,"
                    + " Quantity, InvoiceDate as M/d/yyyy H:mm, UnitPrice, CustomerID; GBP) or online-retail-ii.")
    CsvImport.Layout layout;

    static final class LayoutConverter implements CommandLine.ITypeConverter<CsvImport.Layout> {
        @Override
        public CsvImport.Layout convert(String value) {
            try {
                return CsvImport.Layout.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a layout; use online-retail or online-retail-ii");
            }
        }
    }

    @Option(names = "--customer-column", description = "Customer id column (required without --layout).")
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

    @Option(names = "--time-format",
            description = "java.time pattern of the time column, e.g. 'M/d/yyyy H:mm' (default: ISO instant or"
                    + " date-time with T or space, yyyy-MM-dd, yyyyMMdd, or epoch ms).")
    String timeFormat;

    @Option(names = "--time-zone", defaultValue = "UTC",
            description = "Zone of times without an offset (default ${DEFAULT-VALUE}; Online Retail: Europe/London).")
    String timeZone;

    @Option(names = "--currency", description = "Currency of the prices (default: EUR, or the layout's).")
    String currency;

    @Option(names = "--separator", defaultValue = ",", description = "Column separator (default '${DEFAULT-VALUE}').")
    char separator;

    CsvImport.Options options() {
        CsvImport.Columns base = layout != null ? layout.columns
                : new CsvImport.Columns(null, null, null, null, null, null, null, null);
        CsvImport.Columns columns = new CsvImport.Columns(
                or(customerColumn, base.customer()), or(timeColumn, base.time()), or(orderColumn, base.order()),
                or(productColumn, base.product()), or(categoryColumn, base.category()),
                or(quantityColumn, base.quantity()),
                // one money column on the command line replaces the layout's
                amountColumn != null ? priceColumn : or(priceColumn, base.price()),
                priceColumn != null ? amountColumn : or(amountColumn, base.amount()));
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown --time-zone '" + timeZone + "'");
        }
        String format = or(timeFormat, layout != null ? layout.timeFormat : null);
        return new CsvImport.Options(columns, format, zone,
                or(currency, layout != null ? layout.currency : "EUR"), separator);
    }

    private static String or(String given, String fallback) {
        return given != null ? given : fallback;
    }

    @Override
    public Integer call() throws Exception {
        CsvImport.Options options = options();
        if (options.timeFormat() != null) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(options.timeFormat());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "bad --time-format '" + options.timeFormat() + "': " + e.getMessage());
            }
        }
        long started = System.nanoTime();
        CsvImport.Summary summary;
        RecordingWriter.Summary written;
        try (InputStream csv = Files.newInputStream(in);
             RecordingWriter writer = RecordingWriter.create(out, "imported from CSV " + in.getFileName()
                     + " columns " + options.columns() + " time format " + options.timeFormat() + " zone "
                     + options.zone(), Duration.ZERO)) {
            try {
                summary = CsvImport.run(csv, options, writer);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("import-csv: " + e.getMessage());
                return 2;
            }
            writer.close();
            written = writer.summary();
        }
        System.out.printf("read %s: %s%nwrote %s: %s in %.1f s%n", in, summary.report(), out, written,
                (System.nanoTime() - started) / 1e9);
        return summary.purchases() > 0 ? 0 : 1;
    }
}
