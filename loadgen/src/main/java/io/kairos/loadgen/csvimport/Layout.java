package io.kairos.loadgen.csvimport;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Known public data sets: one flag sets the columns, the time format, the currency and the zone
 * the shop's clock was in. Each knows its header, so that a file without one can be read by the
 * layout's column order, and a header can be recognised as another layout's.
 */
public enum Layout {
    /** UCI "Online Retail" (UK, Dec 2010 - Dec 2011). */
    ONLINE_RETAIL(List.of("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
            "CustomerID", "Country"),
            new Columns("CustomerID", "InvoiceDate", "InvoiceNo", "StockCode", null, "Quantity", "UnitPrice", null),
            List.of("M/d/yyyy H:mm[:ss]")),
    /** UCI "Online Retail II" (UK, Dec 2009 - Dec 2011): its CSV copies carry ISO-like times. */
    ONLINE_RETAIL_II(List.of("Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price",
            "Customer ID", "Country"),
            new Columns("Customer ID", "InvoiceDate", "Invoice", "StockCode", null, "Quantity", "Price", null),
            List.of("M/d/yyyy H:mm[:ss]"));

    public final List<String> header;
    public final Columns columns;
    /** Tried first; then the common forms of {@link EventTimes}. */
    public final List<String> timeFormats;
    public final String currency = "GBP";
    /** Both shops are in the UK: times without an offset are London's, winter and summer. */
    public final ZoneId zone = ZoneId.of("Europe/London");

    Layout(List<String> header, Columns columns, List<String> timeFormats) {
        this.header = header;
        this.columns = columns;
        this.timeFormats = timeFormats;
    }

    /** As on the command line: online-retail, online-retail-ii. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The layout of that name (online-retail or ONLINE_RETAIL), or null. */
    public static Layout named(String value) {
        for (Layout l : values()) {
            if (l.flagValue().equalsIgnoreCase(value.trim()) || l.name().equalsIgnoreCase(value.trim())) {
                return l;
            }
        }
        return null;
    }

    /** A layout other than {@code except} whose every column is in this header, or null. */
    public static Layout matching(List<String> header, Layout except) {
        for (Layout l : values()) {
            if (l != except && l.columns.missing(header).isEmpty()) {
                return l;
            }
        }
        return null;
    }
}
