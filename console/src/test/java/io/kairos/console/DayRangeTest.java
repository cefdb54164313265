package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DayRangeTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void todayByDefaultOneDayWhenOneIsGivenAndReversedRangesTurned() {
        assertEquals(new DayRange(TODAY, TODAY), DayRange.parse(null, "", TODAY));
        assertEquals(1, DayRange.parse("2026-12-01", null, TODAY).days().size());
        DayRange r = DayRange.parse("2026-12-05", "2026-12-01", TODAY);
        assertEquals(LocalDate.of(2026, 12, 1), r.from());
        assertEquals(5, r.days().size());
    }

    @Test
    void atMostTheMatrixRetentionIsRead() {
        DayRange r = DayRange.parse("2020-01-01", "2026-12-07", TODAY);
        assertEquals(DayRange.MAX_DAYS, r.days().size());
        assertEquals(TODAY, r.to());
    }

    @Test
    void aBadDayIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> DayRange.parse("7/12/2026", null, TODAY));
        assertEquals("a day is yyyy-MM-dd, not '7/12/2026'", e.getMessage());
    }
}
