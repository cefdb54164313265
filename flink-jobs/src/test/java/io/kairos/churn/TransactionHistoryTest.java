package io.kairos.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionHistoryTest {

    @Test
    void summarisesEachCustomerAndCountsBadRowsWithoutStopping() throws Exception {
        String csv = String.join("\n",
                "InvoiceNo,CustomerID,InvoiceDate,Amount",
                "1,anna,2024-01-01T10:00:00Z,10",
                "2,anna,2024-01-01T18:00:00Z,5", // same day: one purchase
                "3,anna,20240111,7",
                "4,anna,2024-01-31,3",
                "5,bob,2024-01-21 09:30:00,8",
                "6,carl,1704067200000,2", // epoch ms, 2024-01-01
                "7,,2024-01-05,1", // no customer
                "8,dora,yesterday,1", // bad time
                "9,erik", // short
                "");
        TransactionHistory.Summary s =
                TransactionHistory.read(new StringReader(csv), "customerid", "InvoiceDate", null);
        assertEquals(9, s.rows());
        assertEquals(3, s.badRows());
        assertEquals(3, s.badRowReasons().size());
        assertTrue(s.badRowReasons().get(1).contains("line 9"), s.badRowReasons().toString());
        assertEquals(LocalDate.of(2024, 1, 31), s.observedUntil());

        List<CustomerHistory> byX = s.customers().stream()
                .sorted(Comparator.comparingInt(CustomerHistory::x).thenComparingDouble(CustomerHistory::T)).toList();
        // bob: first on the 21st, T = 10; carl: first on the 1st, T = 30; anna: 3 days, x = 2
        assertEquals(List.of(new CustomerHistory(0, 0, 10), new CustomerHistory(0, 0, 30), new CustomerHistory(2, 30, 30)), byX);
    }

    @Test
    void anObservationEndCutsLaterPurchases() throws Exception {
        String csv = "customer_id,timestamp\nanna,2024-01-01\nanna,2024-01-11\nanna,2024-02-01\nbob,2024-03-01\n";
        TransactionHistory.Summary s = TransactionHistory.read(
                new StringReader(csv), "customer_id", "timestamp", LocalDate.of(2024, 1, 21));
        assertEquals(List.of(new CustomerHistory(1, 10, 20)), s.customers());
    }

    @Test
    void aMissingColumnNamesTheFlagThatFixesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransactionHistory.read(
                new StringReader("a,b\n1,2\n"), "customer_id", "timestamp", null));
        assertTrue(e.getMessage().contains("--customer-column"), e.getMessage());
    }

    @Test
    void quotedFieldsMayHoldCommas() {
        assertEquals(List.of("1", "Smith, \"Ann\"", "x"), TransactionHistory.split("1,\"Smith, \"\"Ann\"\"\",x"));
    }
}
