package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.EventKind;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.ReplaySchedule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The record and import-csv commands as a user runs them, on files; no Kafka. */
class RecordAndImportCommandTest {
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadgenMain());
        cli.setErr(new PrintWriter(err));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void recordWritesTheSameEventsForTheSameSeedAndStartInEventTimeOrder() throws Exception {
        Path a = dir.resolve("a.avro");
        Path b = dir.resolve("b.avro");
        for (Path file : List.of(a, b)) {
            Run r = run("record", "--out", file.toString(), "--events", "2000", "--rate", "50",
                    "--start", START.toString(), "--customers", "300", "--seed", "7");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("2,000 events"), r.out());
        }
        List<RecordedEvent> first = RecordingReader.readAll(a);
        assertEquals(first, RecordingReader.readAll(b));
        assertEquals(2000, first.size());
        assertEquals(START.toEpochMilli(), first.get(0).getEventTime());
        long previous = 0;
        for (RecordedEvent e : first) {
            assertTrue(e.getEventTime() >= previous);
            previous = e.getEventTime();
            assertEquals(e.getKey(), EventKind.customerId(e.getEvent()));
        }
        // 2000 events at 50/s: about 40 s of event time
        double seconds = (previous - START.toEpochMilli()) / 1000.0;
        assertTrue(seconds > 32 && seconds < 48, "span " + seconds + " s");
        assertTrue(first.stream().anyMatch(e -> e.getEvent() instanceof PurchaseEvent), "some purchases");
    }

    @Test
    void recordForADurationStopsAtItsEnd() throws Exception {
        Path file = dir.resolve("d.avro");
        assertEquals(0, run("record", "--out", file.toString(), "--duration", "10m", "--rate", "2",
                "--start", START.toString()).exit());
        List<RecordedEvent> events = RecordingReader.readAll(file);
        assertTrue(events.size() > 1000 && events.size() < 1400, events.size() + " events");
        assertTrue(events.get(events.size() - 1).getEventTime() < START.plusSeconds(600).toEpochMilli());
    }

    @Test
    void recordNeedsACountOrADuration() {
        Run r = run("record", "--out", dir.resolve("x.avro").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--events N or --duration"), r.err());
    }

    @Test
    void importCsvWithTheOnlineRetailLayoutReportsBadRowsAndSucceeds() throws Exception {
        Path csv = dir.resolve("retail.csv");
        Files.writeString(csv, String.join("\n",
                "\uFEFFInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                "536365,85123A,\"HOLDER, WHITE\",6,12/1/2010 8:26,2.55,17850,United Kingdom",
                "536366,22633,HAND WARMER,6,13/1/2010 8:28,1.85,17850,United Kingdom",
                "536367,84879,BIRD ORNAMENT,32,12/1/2010 8:34,1.69,,United Kingdom", ""));
        Path out = dir.resolve("retail.avro");
        Run r = run("import-csv", "--in", csv.toString(), "--out", out.toString(), "--layout", "online-retail",
                "--time-zone", "Europe/London");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 purchase with") && r.out().contains("1 x unparsable time (line 3)")
                && r.out().contains("1 x no customer (line 4)"), r.out());
        assertEquals(1, RecordingReader.readAll(out).size());
    }

    @Test
    void importCsvNamesAColumnThatIsNotThere() throws Exception {
        Path csv = dir.resolve("plain.csv");
        Files.writeString(csv, "customer,time,amount\nc-1,2026-11-02,3\n");
        Run r = run("import-csv", "--in", csv.toString(), "--out", dir.resolve("p.avro").toString(),
                "--customer-column", "CustomerID", "--time-column", "time", "--amount-column", "amount");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no column 'CustomerID'"), r.err());
        Run ok = run("import-csv", "--in", csv.toString(), "--out", dir.resolve("p.avro").toString(),
                "--customer-column", "customer", "--time-column", "time", "--amount-column", "amount");
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void aFailedImportLeavesTheOldRecordingAsItWasAndSaysWhyWithoutAStackTrace() throws Exception {
        Path out = dir.resolve("kept.avro");
        Files.writeString(out, "an earlier recording");
        Path ii = dir.resolve("online_retail_II.csv");
        Files.writeString(ii, "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
                + "489434,85048,BALL,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n");
        Run wrongLayout = run("import-csv", "--in", ii.toString(), "--out", out.toString(), "--layout", "online-retail");
        assertEquals(2, wrongLayout.exit());
        assertTrue(wrongLayout.err().contains("use --layout online-retail-ii"), wrongLayout.err());

        Path noPurchases = dir.resolve("returns-only.csv");
        Files.writeString(noPurchases, "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                + "C1,85123A,HOLDER,-1,12/1/2010 8:26,2.55,17850,United Kingdom\n");
        Run nothing = run("import-csv", "--in", noPurchases.toString(), "--out", out.toString(), "--layout", "online-retail");
        assertEquals(1, nothing.exit());
        assertTrue(nothing.err().contains("no purchases in") && nothing.err().contains("not written"), nothing.err());

        Run missing = run("import-csv", "--in", dir.resolve("nope.csv").toString(), "--out", out.toString(),
                "--layout", "online-retail");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file") && !missing.err().contains("Exception"), missing.err());

        Run noDir = run("import-csv", "--in", ii.toString(), "--out", dir.resolve("no/such/dir.avro").toString(),
                "--layout", "online-retail-ii");
        assertEquals(2, noDir.exit());
        assertTrue(noDir.err().contains("no directory"), noDir.err());

        assertEquals("an earlier recording", Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList(),
                    "no temporary file left behind");
        }
        Run ok = run("import-csv", "--in", ii.toString(), "--out", out.toString(), "--layout", "online-retail-ii");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(1, RecordingReader.readAll(out).size(), "replaced on success");
    }

    @Test
    void importCsvReadsWhitespaceSeparatedLatin1WithoutHeaderByPositionWithinAWindow() throws Exception {
        Path txt = dir.resolve("history.txt");
        Files.write(txt, ("c-1  2026-11-02T09:00:00Z  19.90  caf\u00e9\n"
                + "c-2  2026-10-01T09:00:00Z  5.00   x\n"
                + "c-3  2026-11-03  \"7\n"
                + "c-4  2026-11-04  8.50   y\n").getBytes(StandardCharsets.ISO_8859_1));
        Path out = dir.resolve("history.avro");
        Run r = run("import-csv", "--in", txt.toString(), "--out", out.toString(), "--separator", "whitespace",
                "--no-header", "--customer-column", "1", "--time-column", "2", "--amount-column", "3",
                "--from", "2026-11-01", "--until", "2026-12-01");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("byte 0xE9 is not UTF-8") && r.out().contains("1 x before --from (line 2)")
                && r.out().contains("1 x not readable as CSV (line 3)"), r.out());
        assertEquals(List.of("c-1", "c-4"), RecordingReader.readAll(out).stream().map(RecordedEvent::getKey).toList());
    }

    @Test
    void speedIsAFactorOrMax() {
        ReplayCommand.SpeedConverter speed = new ReplayCommand.SpeedConverter();
        assertEquals(ReplaySchedule.MAX, speed.convert("max"));
        assertEquals(60.0, speed.convert("60"));
        assertEquals(60.0, speed.convert("60x"));
        assertEquals(0.5, speed.convert("0.5"));
        for (String bad : List.of("0", "-1", "fast", "Infinity", "NaN")) {
            assertThrows(CommandLine.TypeConversionException.class, () -> speed.convert(bad), bad);
        }
    }
}
