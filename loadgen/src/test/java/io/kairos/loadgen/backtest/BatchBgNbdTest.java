package io.kairos.loadgen.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.churn.CustomerHistory;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BatchBgNbdTest {
    private static final long DAY = 86_400_000L;

    @Test
    void purchasesOfOneDayCountOnceAndAgesAreInDaysToUntil() {
        TreeSet<Long> purchases = new TreeSet<>();
        purchases.add(10 * DAY + 3_600_000L);
        purchases.add(10 * DAY + 7_200_000L); // same day: one purchase day
        purchases.add(17 * DAY);
        purchases.add(31 * DAY + 1);
        CustomerHistory h = BatchBgNbd.summary(purchases, 40);
        assertEquals(new CustomerHistory(2, 21, 30), h);
    }

    @Test
    void aOneTimeBuyerHasNoRepeatAndNoTx() {
        TreeSet<Long> purchases = new TreeSet<>();
        purchases.add(5 * DAY);
        assertEquals(new CustomerHistory(0, 0, 35), BatchBgNbd.summary(purchases, 40));
    }
}
