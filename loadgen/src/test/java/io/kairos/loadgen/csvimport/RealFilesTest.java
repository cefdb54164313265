package io.kairos.loadgen.csvimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What real public files do to an importer: encodings, stray quotes, returns, other layouts, odd separators. */
class RealFilesTest {
    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    private static CsvImport.Result read(byte[] bytes, CsvImport.Options options) throws Exception {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CsvImport.read(ByteSource.of(bytes), options));
    }

    private static CsvImport.Result read(String text, CsvImport.Options options) throws Exception {
        return read(text.getBytes(StandardCharsets.UTF_8), options);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<String> orders(CsvImport.Result r) {
        return r.purchases().stream().map(PurchaseEvent::getOrderId).toList();
    }

    @Test
    void latin1BytesAfterTheHeaderAreReadAsLatin1WithANoteNotAHang() throws Exception {
        byte[] file = latin1(HEADER
                + "536365,85123A,CAFÉ HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,22633,HAND WARMER £,6,12/1/2010 8:28,1.85,17850,United Kingdom\n");
        CsvImport.Result r = read(file, CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(List.of("536365", "536366"), orders(r));
        String report = r.summary().report();
        assertTrue(report.contains("line 2, character 18: byte 0xC9 is not UTF-8, so the whole file is read as"
                + " ISO-8859-1"), report);

        ImportFailure strict = assertThrows(ImportFailure.class, () -> read(file,
                CsvImport.Options.of(Layout.ONLINE_RETAIL).withEncoding(StandardCharsets.UTF_8)));
        assertEquals(ImportFailure.DATA, strict.exitCode());
        assertTrue(strict.getMessage().startsWith("line 2, character 18: byte 0xC9 is not valid UTF-8"),
                strict.getMessage());
    }

    @Test
    void utf8WithABomAndUtf16FromExcelAreRead() throws Exception {
        String text = HEADER + "536365,85123A,CAFÉ,6,12/1/2010 8:26,2.55,17850,United Kingdom\r\n";
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        utf8.write(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("536365"), orders(read(utf8.toByteArray(), CsvImport.Options.of(Layout.ONLINE_RETAIL))));
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write(text.replace(',', '\t').getBytes(StandardCharsets.UTF_16LE));
        CsvImport.Result r = read(utf16.toByteArray(), CsvImport.Options.of(Layout.ONLINE_RETAIL).withSeparator('\t'));
        assertEquals(List.of("536365"), orders(r));
        assertTrue(r.summary().report().contains("UTF-16LE"), r.summary().report());
    }

    @Test
    void anUnterminatedQuoteCostsItsOwnLineReportedWhereItStarts() throws Exception {
        String csv = HEADER
                + "536365,85123A,\"WHITE HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"      // 2: never closed
                + "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n"
                + "536367,71053,\"LANTERN, WHITE\",6,12/1/2010 8:29,3.39,13047,United Kingdom\n"
                + "536368,22960,JAM MAKING SET,6,12/1/2010 8:34,4.25,13047,United Kingdom\n";
        CsvImport.Result r = read(csv, CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(List.of("536366", "536367", "536368"), orders(r), "the rows after the stray quote are kept");
        assertEquals(List.of(2L), r.summary().linesOf("not readable as CSV"));
        String report = r.summary().report();
        assertTrue(report.contains("line 2: character 15: the quoted field that starts here is closed on line 4"
                + " by a quote followed by 'LANTERN, WHI' instead of ','"), report);

        CsvImport.Result atTheEnd = read(HEADER
                + "536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n"
                + "536367,71053,\"LANTERN,6,12/1/2010 8:29,3.39,13047,United Kingdom\n"
                + "536368,22960,JAM MAKING SET,6,12/1/2010 8:34,4.25,13047,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(List.of("536366", "536368"), orders(atTheEnd));
        assertTrue(atTheEnd.summary().report().contains("line 3: character 14: the quoted field that starts here is"
                + " never closed"), atTheEnd.summary().report());
    }

    @Test
    void aQuotedLineBreakIsStillOneField() throws Exception {
        CsvImport.Result r = read(HEADER
                + "536372,22632,\"HAND WARMER \"\"RED\"\"\nPOLKA DOT\",6,12/1/2010 9:01,1.85,17850,United Kingdom\r"
                + "536373,21730,GLASS STAR,6,12/1/2010 9:02,4.25,12583,France\r"
                + "536374,21730,GLASS STAR,6,12/1/2010 9:03,4.25,,France\r", CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(List.of("536372", "536373"), orders(r));
        assertEquals(List.of(5L), r.summary().linesOf("no customer"), "lines count the line break inside the quotes");
    }

    @Test
    void returnsAreTakenOffTheLatestEarlierPurchaseOfTheSameProduct() throws Exception {
        CsvImport.Result r = read(HEADER
                + "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,85123A,HOLDER,4,12/2/2010 8:26,2.55,17850,United Kingdom\n"
                + "536366,22633,HAND WARMER,6,12/2/2010 8:26,1.85,17850,United Kingdom\n"
                + "C536400,85123A,HOLDER,-5,12/3/2010 10:00,2.55,17850,United Kingdom\n"   // 4 off 536366, 1 off 536365
                + "C536401,22633,HAND WARMER,-6,12/3/2010 10:00,1.85,17850,United Kingdom\n" // 536366 now empty
                + "C536402,POST,POSTAGE,-1,12/3/2010 10:00,18,17850,United Kingdom\n"      // nothing to take it off
                + "C536403,21730,GLASS STAR,-1,12/3/2010 10:00,4.25,12583,France\n"        // bought later
                + "536404,21730,GLASS STAR,1,12/4/2010 10:00,4.25,12583,France\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(List.of("536365", "536404"), orders(r), "536366 was returned whole");
        assertEquals(List.of(new OrderLine("85123A", CsvImport.UNKNOWN_CATEGORY, 5, 2.55)),
                r.purchases().get(0).getLines());
        assertEquals(new ImportSummary.Returns(4, 2, 11, 2, 1, true), r.summary().returns());

        CsvImport.Result skipped = read(HEADER
                + "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
                + "C536400,85123A,HOLDER,-5,12/3/2010 10:00,2.55,17850,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL).withNetReturns(false));
        assertEquals(6, skipped.purchases().get(0).getLines().get(0).getQuantity());
    }

    @Test
    void layoutTimesAreLondonTimesInSummerToo() throws Exception {
        CsvImport.Result r = read(HEADER + "556000,85123A,HOLDER,6,6/1/2011 10:00,2.55,17850,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertEquals(Instant.parse("2011-06-01T09:00:00Z").toEpochMilli(), r.purchases().get(0).getEventTime());
    }

    @Test
    void theWindowLeavesOutRowsOutsideItAndSaysHowMany() throws Exception {
        String csv = HEADER
                + "1,A,x,1,12/1/2010 8:26,1,10,UK\n"
                + "2,A,x,1,1/1/2011 0:00,1,10,UK\n"
                + "3,A,x,1,5/31/2011 23:59,1,10,UK\n"
                + "4,A,x,1,6/1/2011 0:00,1,10,UK\n";
        long from = EventTimes.bound("2011-01-01", Layout.ONLINE_RETAIL.zone);
        long until = EventTimes.bound("2011-06-01", Layout.ONLINE_RETAIL.zone);
        CsvImport.Result r = read(csv, CsvImport.Options.of(Layout.ONLINE_RETAIL).withWindow(from, until));
        assertEquals(List.of("2", "3"), orders(r));
        assertEquals(List.of(2L), r.summary().linesOf("before --from"));
        assertEquals(List.of(5L), r.summary().linesOf("at or after --until"));
        assertEquals(0, r.summary().badRowCount(), "left out is not bad");
    }

    @Test
    void whitespaceSeparatedWithoutHeaderByPosition() throws Exception {
        String text = "c-1   2026-11-02T09:00:00Z\t19.90\n  c-2 2026-11-01 7\n\n c-3 \"2026-11-03\"   5  \n";
        Columns byPosition = new Columns("1", "2", null, null, null, null, null, "3");
        CsvImport.Result r = read(text, CsvImport.Options.of(byPosition, null, ZoneOffset.UTC, "EUR")
                .withSeparator(RowReader.WHITESPACE).withoutHeader());
        assertEquals(List.of("c-2", "c-1", "c-3"), r.purchases().stream().map(PurchaseEvent::getCustomerId).toList());
        assertEquals(0, r.summary().badRowCount());
        assertEquals(3, r.summary().rows(), "the first line is a row too");

        ImportFailure byName = assertThrows(ImportFailure.class, () -> read(text, CsvImport.Options.of(
                new Columns("customer", "2", null, null, null, null, null, "3"), null, ZoneOffset.UTC, "EUR")
                .withSeparator(RowReader.WHITESPACE).withoutHeader()));
        assertTrue(byName.getMessage().contains("without a header row, give columns by position"), byName.getMessage());
        ImportFailure past = assertThrows(ImportFailure.class, () -> read(text, CsvImport.Options.of(
                new Columns("1", "2", null, null, null, null, null, "4"), null, ZoneOffset.UTC, "EUR")
                .withSeparator(RowReader.WHITESPACE).withoutHeader()));
        assertTrue(past.getMessage().contains("--amount-column 4: the first row (line 1) has 3 columns"), past.getMessage());
    }

    @Test
    void aLayoutWithoutItsHeaderReadsByTheLayoutsColumnOrder() throws Exception {
        CsvImport.Result r = read("536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL).withoutHeader());
        assertEquals(List.of("536365"), orders(r));
        ImportFailure forgot = assertThrows(ImportFailure.class, () -> read(
                "536365,85123A,HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL)));
        assertTrue(forgot.getMessage().contains("if the file has no header row, add --no-header"), forgot.getMessage());
    }

    @Test
    void theHeaderOfAnotherLayoutIsNamed() {
        String ii = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
                + "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n";
        ImportFailure wrong = assertThrows(ImportFailure.class, () -> read(ii, CsvImport.Options.of(Layout.ONLINE_RETAIL)));
        assertEquals(ImportFailure.USAGE, wrong.exitCode());
        assertTrue(wrong.getMessage().contains("is the online-retail-ii layout's: use --layout online-retail-ii"),
                wrong.getMessage());
        ImportFailure none = assertThrows(ImportFailure.class, () -> read(ii, CsvImport.Options.of(Columns.NONE, null,
                ZoneOffset.UTC, "EUR")));
        assertTrue(none.getMessage().contains("use --layout online-retail-ii"), none.getMessage());
    }

    @Test
    void theSecondLayoutReadsItsIsoTimesAndSpreadsheetIds() throws Exception {
        CsvImport.Result r = read("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
                + "489434,85048,BALL,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n",
                CsvImport.Options.of(Layout.ONLINE_RETAIL_II));
        assertEquals("13085", r.purchases().get(0).getCustomerId());
        assertEquals(Instant.parse("2009-12-01T07:45:00Z").toEpochMilli(), r.purchases().get(0).getEventTime());
    }

    @Test
    void emptyAndHeaderOnlyFilesEndClearly() throws Exception {
        ImportFailure empty = assertThrows(ImportFailure.class, () -> read("", CsvImport.Options.of(Layout.ONLINE_RETAIL)));
        assertEquals(ImportFailure.DATA, empty.exitCode());
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        CsvImport.Result headerOnly = read(HEADER, CsvImport.Options.of(Layout.ONLINE_RETAIL));
        assertTrue(headerOnly.purchases().isEmpty());
        assertEquals(0, headerOnly.summary().rows());
        assertNull(null);
    }
}
