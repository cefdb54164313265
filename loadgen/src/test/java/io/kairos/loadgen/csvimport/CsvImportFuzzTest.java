package io.kairos.loadgen.csvimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and mutated real rows, fed to the importer with a fixed seed: every input ends
 * within a bound, with a result or an {@link ImportFailure} that says something, never another
 * exception; and in a file where only one row is broken, every other row is still imported and
 * every bad row reported is on the broken row's own lines. 600 random inputs (up to 20 kB) under
 * five option sets, and 2 000 mutated 12-row files: about 3 s on a busy 2-core machine.
 */
class CsvImportFuzzTest {
    private static final long SEED = 20261207L;
    /** A bound far above the time the inputs take (a few seconds), to catch an input that never ends. */
    private static final Duration ALL = Duration.ofSeconds(60);
    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    /** Rows as the UCI file has them; one invoice and one customer each, so a row is easy to find again. */
    private static final List<String> ROWS = List.of(
            "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom",
            "536366,71053,\"LANTERN, WHITE METAL\",6,12/1/2010 8:28,3.39,17851,United Kingdom",
            "536367,84406B,CREAM CUPID HEARTS COAT HANGER,8,12/1/2010 8:34,2.75,13047,United Kingdom",
            "536368,22960,JAM MAKING SET WITH JARS,6,12/1/2010 8:34,4.25,13048,United Kingdom",
            "536369,21756,BATH BUILDING BLOCK WORD,3,12/1/2010 8:35,5.95,13049,United Kingdom",
            "536370,22728,\"ALARM CLOCK BAKELIKE PINK \"\"RETRO\"\"\",24,12/1/2010 8:45,3.75,12583,France",
            "536371,22086,PAPER CHAIN KIT 50'S CHRISTMAS ,80,12/1/2010 9:00,2.55,13748,United Kingdom",
            "536372,22632,HAND WARMER RED POLKA DOT,6,12/1/2010 9:01,1.85,17852,United Kingdom",
            "536373,21730,GLASS STAR FROSTED T-LIGHT HOLDER,6,12/1/2010 9:02,4.25,17853,United Kingdom",
            "536374,21258,VICTORIAN SEWING BOX LARGE,32,12/1/2010 9:09,10.95,15100,United Kingdom",
            "536375,84029E,RED WOOLLY HOTTIE WHITE HEART.,6,12/1/2010 9:32,3.39,17854,United Kingdom",
            "536376,22114,HOT WATER BOTTLE TEA AND SYMPATHY,48,12/1/2010 9:32,3.45,15291,United Kingdom");

    private static final List<CsvImport.Options> OPTIONS = List.of(
            CsvImport.Options.of(Layout.ONLINE_RETAIL),
            CsvImport.Options.of(Layout.ONLINE_RETAIL).withEncoding(StandardCharsets.UTF_8).withoutHeader(),
            CsvImport.Options.of(new Columns("customer", "time", "order", null, null, null, null, "amount"), null,
                    ZoneOffset.UTC, "EUR").withSeparator(';'),
            CsvImport.Options.of(new Columns("1", "2", null, "3", null, "4", "5", null), null, ZoneOffset.UTC, "EUR")
                    .withSeparator(RowReader.WHITESPACE).withoutHeader(),
            CsvImport.Options.of(new Columns("1", "2", null, null, null, null, null, "3"), "d.M.yyyy", ZoneOffset.UTC,
                    "EUR").withSeparator('\t').withoutHeader());

    private int results;
    private int failures;

    /** Loads the Avro classes outside the bound: their first use can take seconds on a busy machine. */
    @BeforeAll
    static void loadClasses() throws Exception {
        CsvImport.read(ByteSource.of((HEADER + "\n" + ROWS.get(0)).getBytes(StandardCharsets.US_ASCII)),
                CsvImport.Options.of(Layout.ONLINE_RETAIL));
    }

    /** The input being read, for the message when one does not end. */
    private volatile byte[] currentBytes = new byte[0];
    private volatile CsvImport.Options currentOptions;

    private String current() {
        return HexFormat.of().formatHex(currentBytes) + " with " + currentOptions;
    }

    /** Runs all the inputs of a test within {@link #ALL}: one that never ended would be named. */
    private void bounded(Runnable inputs) {
        assertTimeoutPreemptively(ALL, inputs::run, () -> "no end within " + ALL + " on input " + current());
    }

    /** A result or an ImportFailure with a message, and nothing else. */
    private CsvImport.Result importBytes(byte[] bytes, CsvImport.Options options) {
        currentBytes = bytes;
        currentOptions = options;
        try {
            CsvImport.Result r = CsvImport.read(ByteSource.of(bytes), options);
            assertTrue(r.purchases().size() <= r.summary().rows(), "a purchase comes from a row");
            assertFalse(r.summary().report().isBlank());
            results++;
            return r;
        } catch (ImportFailure f) {
            assertFalse(f.getMessage() == null || f.getMessage().isBlank(), "a failure says why");
            assertTrue(f.exitCode() == ImportFailure.DATA || f.exitCode() == ImportFailure.USAGE);
            failures++;
            return null;
        } catch (Throwable t) {
            throw new AssertionError("input " + current(), t);
        }
    }

    @Test
    void randomBytesEndWithAResultOrAClearError() {
        bounded(() -> {
            Random random = new Random(SEED);
            for (int i = 0; i < 600; i++) {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                if (random.nextBoolean()) {
                    file.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                byte[] noise = new byte[random.nextInt(random.nextInt(10) == 0 ? 20_000 : 400)];
                random.nextBytes(noise);
                if (random.nextBoolean()) { // mostly text: printable, separators, quotes, line breaks, a few high bytes
                    String alphabet = "abc019,;\t \"\"\n\r-./:";
                    for (int j = 0; j < noise.length; j++) {
                        noise[j] = random.nextInt(30) == 0 ? noise[j] : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
                    }
                }
                file.writeBytes(noise);
                byte[] bytes = file.toByteArray();
                for (CsvImport.Options options : OPTIONS) {
                    importBytes(bytes, options);
                }
            }
        });
        assertTrue(results > 100 && failures > 100, results + " results, " + failures + " failures");
    }

    @Test
    void aMutatedRowNeverTakesTheGoodRowsWithIt() {
        bounded(() -> {
            Random random = new Random(SEED);
            for (int i = 0; i < 2000; i++) {
                int broken = random.nextInt(ROWS.size());
                byte[] mutated = mutate(ROWS.get(broken).getBytes(StandardCharsets.US_ASCII), random,
                        broken == ROWS.size() - 1);
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                file.writeBytes((HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
                for (int r = 0; r < ROWS.size(); r++) {
                    file.writeBytes(r == broken ? mutated : ROWS.get(r).getBytes(StandardCharsets.US_ASCII));
                    if (r < ROWS.size() - 1 || random.nextBoolean()) {
                        file.write('\n');
                    }
                }
                byte[] bytes = file.toByteArray();
                CsvImport.Result result = importBytes(bytes, CsvImport.Options.of(Layout.ONLINE_RETAIL));
                if (result == null) {
                    fail("only one row is broken, yet the import failed: " + new String(bytes, StandardCharsets.ISO_8859_1));
                }
                for (int r = 0; r < ROWS.size(); r++) {
                    if (r != broken) {
                        assertImported(ROWS.get(r), result, bytes);
                    }
                }
                long first = broken + 2; // the header is line 1
                long last = first + lineBreaks(mutated);
                result.summary().badRows().forEach((reason, tally) -> tally.lines().forEach(line ->
                        assertTrue(line >= first && line <= last, () -> reason + " reported on line " + line
                                + ", but only lines " + first + "-" + last + " are broken:\n"
                                + new String(bytes, StandardCharsets.ISO_8859_1) + "\n" + result.summary().report())));
            }
        });
    }

    /** One to three of: drop, duplicate or insert a quote, separator, line break or high byte; the last row may be cut. */
    private static byte[] mutate(byte[] row, Random random, boolean last) {
        List<Byte> b = new ArrayList<>();
        for (byte x : row) {
            b.add(x);
        }
        int n = 1 + random.nextInt(3);
        for (int m = 0; m < n && !b.isEmpty(); m++) {
            int at = random.nextInt(b.size());
            switch (random.nextInt(last ? 9 : 8)) {
                case 0 -> b.remove(at);
                case 1 -> b.add(at, b.get(at));
                case 2 -> b.add(at, (byte) '"');
                case 3 -> b.add(at, (byte) ',');
                case 4 -> b.add(at, random.nextBoolean() ? (byte) '\n' : (byte) '\r');
                case 5 -> b.add(at, (byte) (0x80 + random.nextInt(0x80)));
                case 6 -> { // drop a quote, or the first separator
                    int q = b.indexOf((byte) '"');
                    b.remove(q >= 0 ? q : Math.max(0, b.indexOf((byte) ',')));
                }
                case 7 -> b.set(at, (byte) random.nextInt(256));
                default -> b.subList(at, b.size()).clear(); // truncated file
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    /** Line breaks as the reader counts them: \n, \r\n or \r. */
    private static int lineBreaks(byte[] bytes) {
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.length || bytes[i + 1] != '\n'))) {
                n++;
            }
        }
        return n;
    }

    private static void assertImported(String row, CsvImport.Result result, byte[] file) {
        String[] f = row.replace("\"LANTERN, WHITE METAL\"", "LANTERN").split(",");
        List<PurchaseEvent> found = result.purchases().stream()
                .filter(p -> p.getOrderId().equals(f[0]) && p.getCustomerId().equals(f[6])).toList();
        assertEquals(1, found.size(), () -> "row " + row + " not imported from\n"
                + new String(file, StandardCharsets.ISO_8859_1) + "\n" + result.summary().report());
        OrderLine line = new OrderLine(f[1], CsvImport.UNKNOWN_CATEGORY, Integer.parseInt(f[3]), Double.parseDouble(f[5]));
        assertTrue(found.get(0).getLines().contains(line), () -> "row " + row + " imported as " + found.get(0));
    }
}
