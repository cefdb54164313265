package io.kairos.loadgen.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldoutCsvTest {
    private static final long DAY = 86_400_000L;
    private static final long JAN_1_2011 = 1_293_840_000_000L;

    @Test
    void readsTheNamedColumnsInEveryTimeFormAndMeetsImportCsvsIds(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("h.csv");
        Files.writeString(csv, "Country,Customer ID,InvoiceDate\n"
                + "UK,17850.0,2011-01-01\n"
                + "UK,17850,2011-01-02 09:30:00\n"
                + "\"F, R\",12583,2011-01-03T00:00:00Z\n"
                + "DE,12662," + (JAN_1_2011 + 10 * DAY) + "\n");
        PurchaseHistory h = HoldoutCsv.read(csv, "customer id", "invoicedate");
        assertEquals(Set.of("17850", "12583", "12662"), h.customers());
        assertEquals(4, h.purchaseCount());
        assertEquals(Set.of("17850", "12583"), h.customersBuyingIn(JAN_1_2011, JAN_1_2011 + 3 * DAY + 1));
        assertEquals(JAN_1_2011 + DAY + 9 * 3_600_000L + 30 * 60_000L, h.before("17850", JAN_1_2011 + 2 * DAY).last());
    }

    @Test
    void aBadRowNamesItsLineColumnAndValueAcrossQuotedLineBreaks(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("h.csv");
        Files.writeString(csv, "note,customer_id,timestamp\n\"two\nlines\",1,2011-01-01\nx,2,01/02/2011\n");
        BacktestInputException e = assertThrows(BacktestInputException.class,
                () -> HoldoutCsv.read(csv, "customer_id", "timestamp"));
        assertTrue(e.getMessage().contains("line 4 column 3 (timestamp): '01/02/2011' is not a time"), e.getMessage());
    }

    @Test
    void aMissingColumnOrFileIsSaidSo(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("h.csv");
        Files.writeString(csv, "who,when\n1,2011-01-01\n");
        BacktestInputException noColumn = assertThrows(BacktestInputException.class,
                () -> HoldoutCsv.read(csv, "customer_id", "when"));
        assertTrue(noColumn.getMessage().contains("no column customer_id"), noColumn.getMessage());
        BacktestInputException noFile = assertThrows(BacktestInputException.class,
                () -> HoldoutCsv.read(dir.resolve("nope.csv"), "who", "when"));
        assertTrue(noFile.getMessage().contains("cannot read"), noFile.getMessage());
    }
}
