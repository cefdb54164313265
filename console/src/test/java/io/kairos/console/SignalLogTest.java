package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalLogTest {
    private static final long DEC_7 = LocalDate.of(2026, 12, 7).toEpochDay() * 86_400_000L;

    static CustomerSignal signal(String id, String customer, SignalType type, String from, String to, long at) {
        return CustomerSignal.newBuilder().setSignalId(id).setCustomerId(customer).setType(type).setFrom(from).setTo(to)
                .setEventTime(at).setCause("timer:review").build();
    }

    @Test
    void movesOfTheRangeDownByDefaultOrOneCell() {
        SignalLog log = new SignalLog(100, 10, 10);
        log.add(signal("s1", "c-1", SignalType.SEGMENT_MOVEMENT, "TOP", "HIGH", DEC_7 + 1_000));
        log.add(signal("s2", "c-2", SignalType.SEGMENT_MOVEMENT, "LOW", "MIDDLE", DEC_7 + 2_000));
        log.add(signal("s3", "c-3", SignalType.SEGMENT_MOVEMENT, "MIDDLE", "LOW", DEC_7 - 1_000)); // Dec 6
        log.add(signal("s1", "c-1", SignalType.SEGMENT_MOVEMENT, "TOP", "HIGH", DEC_7 + 1_000)); // duplicate
        DayRange dec7 = new DayRange(LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 7));
        assertEquals(List.of("c-1"), customers(log.moves(dec7, null, null, 10)));
        assertEquals(List.of("c-2"), customers(log.moves(dec7, "LOW", "MIDDLE", 10)));
        DayRange both = new DayRange(LocalDate.of(2026, 12, 6), LocalDate.of(2026, 12, 7));
        assertEquals(List.of("c-3", "c-1"), customers(log.moves(both, null, null, 10)), "latest read first");
    }

    @Test
    void aClearedRiskAfterAWinBackCountsAsComingBack() {
        SignalLog log = new SignalLog(100, 10, 10);
        log.add(signal("e", "c-1", SignalType.CHURN_RISK_ENTERED, null, null, 1_000));
        log.add(signal("c", "c-1", SignalType.CHURN_RISK_CLEARED, null, null, 5_000));
        assertTrue(log.riskClearedAfter("c-1", 2_000));
        assertFalse(log.riskClearedAfter("c-1", 6_000));
        assertEquals(2, log.forCustomer("c-1").size());
    }

    private static List<String> customers(List<SignalView> signals) {
        return signals.stream().map(SignalView::customerId).toList();
    }
}
