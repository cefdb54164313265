package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
    static Decision decision(String id, String customer, Trigger trigger, DecisionOutcome outcome, Channel channel) {
        return Decision.newBuilder().setDecisionId(id).setCustomerId(customer).setTrigger(trigger)
                .setCauseEventId("e-" + id).setDecidedAt(1_000).setCatalogVersion(1).setOutcome(outcome)
                .setChannel(channel).setOfferId("offer-" + id).build();
    }

    private static List<String> ids(List<DecisionView> views) {
        return views.stream().map(DecisionView::decisionId).toList();
    }

    @Test
    void aPollGetsWhatCameAfterItsLastAndNothingTwice() {
        DecisionLog log = new DecisionLog(100, 10, 10);
        log.add(decision("d1", "c-1", Trigger.CROSS_SELL, DecisionOutcome.SENT, Channel.EMAIL), 60_000);
        log.add(decision("d2", "c-2", Trigger.WIN_BACK, DecisionOutcome.SUPPRESSED, Channel.SMS), 61_000);
        DecisionLog.Slice first = log.after(0, null, null, null, 100);
        assertEquals(List.of("d1", "d2"), ids(first.decisions()));
        assertEquals(2, first.last());

        log.add(decision("d2", "c-2", Trigger.WIN_BACK, DecisionOutcome.SUPPRESSED, Channel.SMS), 61_500); // at-least-once copy
        log.add(decision("d3", "c-1", Trigger.CART_ABANDONMENT, DecisionOutcome.HOLDOUT, Channel.PUSH), 125_000);
        DecisionLog.Slice next = log.after(first.last(), null, null, null, 100);
        assertEquals(List.of("d3"), ids(next.decisions()));
        assertEquals(3, next.last());
        assertTrue(log.after(next.last(), null, null, null, 100).decisions().isEmpty());
    }

    @Test
    void filtersAndLimitKeepTheLatest() {
        DecisionLog log = new DecisionLog(100, 10, 10);
        for (int i = 1; i <= 5; i++) {
            log.add(decision("d" + i, "c-" + i, Trigger.CROSS_SELL, i % 2 == 0 ? DecisionOutcome.SENT : DecisionOutcome.HOLDOUT,
                    Channel.WEB), i);
        }
        assertEquals(List.of("d2", "d4"), ids(log.after(0, "CROSS_SELL", "SENT", "", 100).decisions()));
        assertEquals(List.of("d4", "d5"), ids(log.after(0, null, null, null, 2).decisions()));
        assertTrue(log.after(0, null, null, "EMAIL", 100).decisions().isEmpty());
    }

    @Test
    void perCustomerNewestFirstWinBacksAndCountsPerMinute() {
        DecisionLog log = new DecisionLog(100, 2, 10);
        log.add(decision("d1", "c-1", Trigger.CROSS_SELL, DecisionOutcome.SENT, Channel.EMAIL), 60_000);
        log.add(decision("d2", "c-1", Trigger.WIN_BACK, DecisionOutcome.SENT, Channel.EMAIL), 61_000);
        log.add(decision("d3", "c-1", Trigger.BIRTHDAY, DecisionOutcome.SUPPRESSED, Channel.EMAIL), 120_000);
        assertEquals(List.of("d3", "d2"), ids(log.forCustomer("c-1")), "two kept per customer, newest first");
        assertEquals(List.of("d2"), ids(log.winBacks(10)));
        assertEquals(Map.of(60_000L, Map.of("SENT", 2L), 120_000L, Map.of("SUPPRESSED", 1L)), log.perMinute());
    }
}
