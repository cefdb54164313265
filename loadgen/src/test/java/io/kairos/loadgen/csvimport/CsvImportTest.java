package io.kairos.loadgen.csvimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.RecordingReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {
    @TempDir Path dir;

    /** The UCI Online Retail layout, with the kinds of rows the real file has, and some it should not. */
    private static final String ONLINE_RETAIL = String.join("\n",
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom", // 2
            "536365,71053,\"LANTERN, WHITE METAL\",6,12/1/2010 8:26,3.39,17850,United Kingdom",            // 3: quoted comma
            "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850.0,United Kingdom",            // 4: another order
            "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,,United Kingdom",          // 5: no customer
            "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",                             // 6: a return
            "536370,22728,ALARM CLOCK BAKELIKE PINK,24,next tuesday,3.75,12583,France",                  // 7: bad date
            "536370,22727,ALARM CLOCK BAKELIKE RED,24,12/1/2010 8:45,3.75,12583",                        // 8: 7 columns
            "536371,22086,PAPER CHAIN KIT,many,12/1/2010 9:00,2.55,13748,United Kingdom",               // 9: bad quantity
            "A563185,B,Adjust bad debt,1,8/12/2011 14:50,-11062.06,,United Kingdom",                      // 10: no customer
            "536372,22632,\"HAND WARMER \"\"RED\"\" POLKA\nDOT\",6,12/1/2010 9:01,1.85,17850,United Kingdom", // 11-12: quote, newline
            "",
            "536373,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,12/1/2010 9:02,4.25,12583,France");         // 14

    private static CsvImport.Options onlineRetail() {
        return CsvImport.Options.of(Layout.ONLINE_RETAIL);
    }

    private record Imported(ImportSummary summary, List<PurchaseEvent> purchases) {}

    /** Through the recording file, as the command does. */
    private Imported importCsv(String csv, CsvImport.Options options) throws Exception {
        Path file = dir.resolve("out.avro");
        CsvImport.Result result = CsvImport.read(ByteSource.of(csv.getBytes(StandardCharsets.UTF_8)), options);
        ImportFile.write(file, "test", result.purchases());
        List<RecordedEvent> events = RecordingReader.readAll(file);
        return new Imported(result.summary(),
                events.stream().map(e -> assertInstanceOf(PurchaseEvent.class, e.getEvent())).toList());
    }

    @Test
    void onlineRetailRowsOfOneInvoiceBecomeOnePurchaseAndBadRowsAreCountedWithTheirLines() throws Exception {
        Imported imported = importCsv(ONLINE_RETAIL, onlineRetail());
        ImportSummary s = imported.summary();

        assertEquals(11, s.rows(), "the empty line is not a row");
        assertEquals(Map.of("no customer", 2L, "unparsable time", 1L, "wrong column count", 1L,
                "unparsable quantity", 1L), s.badRowCounts());
        assertEquals(List.of(5L, 10L), s.linesOf("no customer"));
        assertEquals(List.of(7L), s.linesOf("unparsable time"));
        assertEquals(List.of(8L), s.linesOf("wrong column count"));
        assertEquals(List.of(9L), s.linesOf("unparsable quantity"));
        assertEquals(new ImportSummary.Returns(1, 0, 0, 1, 0, true), s.returns(),
                "a return with no purchase of its product to take it off is neither a purchase nor a bad row");

        List<PurchaseEvent> p = imported.purchases();
        assertEquals(List.of("536365", "536366", "536372", "536373"), p.stream().map(PurchaseEvent::getOrderId).toList());
        assertEquals(4, s.purchases());
        assertEquals(5, s.lines());
        PurchaseEvent first = p.get(0);
        assertEquals("17850", first.getCustomerId());
        assertEquals("GBP", first.getCurrency());
        // 1 Dec 2010 was winter time: London = UTC
        assertEquals(Instant.parse("2010-12-01T08:26:00Z").toEpochMilli(), first.getEventTime());
        assertEquals(List.of(new OrderLine("85123A", CsvImport.UNKNOWN_CATEGORY, 6, 2.55),
                new OrderLine("71053", CsvImport.UNKNOWN_CATEGORY, 6, 3.39)), first.getLines());
        assertEquals("17850", p.get(1).getCustomerId(), "a spreadsheet's 17850.0 is customer 17850");
        assertEquals("536372", p.get(2).getOrderId(), "a quoted field may hold quotes and a line break");
        assertEquals(Instant.parse("2010-12-01T09:02:00Z").toEpochMilli(), p.get(3).getEventTime());

        String report = s.report();
        assertTrue(report.contains("2 x no customer (lines 5, 10)"), report);
        assertTrue(report.contains("line 7: column 5 (InvoiceDate) 'next tuesday': expected a time as M/d/yyyy"),
                report);
        assertTrue(report.contains("line 9: column 4 (Quantity) 'many': expected a whole number"), report);
        assertTrue(report.contains("line 8: 7 columns, expected 8 as in the header"), report);
        assertTrue(report.contains("1 without (enough of) such a purchase"), report);
        assertTrue(report.contains("times without an offset in Europe/London (the online-retail layout's"), report);
    }

    @Test
    void aPlainCustomerTimeAmountFileNeedsNoOtherColumns() throws Exception {
        String csv = String.join("\n",
                "customer,time,amount",
                "c-1,2026-11-02T09:00:00Z,19.90",
                "c-2,2026-11-01 08:00,5",       // earlier: written first
                "c-1,2026-11-02T09:00:00Z,10",  // same customer and time: same order
                "c-3,20261103,-4.50",           // a refund
                "c-4,1762070400000,abc",        // bad amount
                "c-5,2026-11-03,7");
        Columns columns = new Columns("customer", "time", null, null, null, null, null, "amount");
        Imported imported = importCsv(csv, CsvImport.Options.of(columns, null, ZoneOffset.UTC, "EUR"));

        assertEquals(Map.of("unparsable amount", 1L), imported.summary().badRowCounts());
        assertEquals(1, imported.summary().returns().rows());
        assertEquals(1, imported.summary().returns().unmatched(), "without a product column, a refund cannot be netted");
        List<PurchaseEvent> p = imported.purchases();
        assertEquals(List.of("c-2", "c-1", "c-5"), p.stream().map(PurchaseEvent::getCustomerId).toList());
        assertEquals(List.of(new OrderLine(CsvImport.UNKNOWN_PRODUCT, CsvImport.UNKNOWN_CATEGORY, 1, 19.90),
                new OrderLine(CsvImport.UNKNOWN_PRODUCT, CsvImport.UNKNOWN_CATEGORY, 1, 10.0)), p.get(1).getLines());
        assertEquals(Instant.parse("2026-11-01T08:00:00Z").toEpochMilli(), p.get(0).getEventTime());
        assertEquals(Instant.parse("2026-11-03T00:00:00Z").toEpochMilli(), p.get(2).getEventTime());
        assertEquals("EUR", p.get(0).getCurrency());
    }

    @Test
    void anAmountWithAQuantityGivesTheUnitPrice() throws Exception {
        String csv = "cust;when;qty;total\nc-1;2026-11-02T09:00:00Z;4;10.00\n";
        Columns columns = new Columns("cust", "when", null, null, null, "qty", null, "total");
        Imported imported = importCsv(csv, CsvImport.Options.of(columns, null, ZoneOffset.UTC, "EUR").withSeparator(';'));
        assertEquals(List.of(new OrderLine(CsvImport.UNKNOWN_PRODUCT, CsvImport.UNKNOWN_CATEGORY, 4, 2.5)),
                imported.purchases().get(0).getLines());
    }

    @Test
    void aColumnMissingFromTheHeaderIsNamed() {
        Columns columns = new Columns("CustomerID", "Date", null, null, null, null, null, "amount");
        ImportFailure e = assertThrows(ImportFailure.class,
                () -> importCsv("CustomerID,InvoiceDate,amount\n1,2026-11-02,3\n",
                        CsvImport.Options.of(columns, null, ZoneOffset.UTC, "EUR")));
        assertTrue(e.getMessage().contains("no column 'Date'") && e.getMessage().contains("--time-column"), e.getMessage());
        assertEquals(ImportFailure.USAGE, e.exitCode());
    }
}
