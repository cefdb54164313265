package io.kairos.loadgen.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionReportTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final DecisionReport.Caps CAPS = new DecisionReport.Caps(3, 10, 2, 6);
    private static final Map<String, String> PRODUCTS = Map.of("offer-a", "p-a", "offer-b", "p-b");

    private int ids;

    private Decision.Builder decision(String customer, Trigger trigger, DecisionOutcome outcome, long at) {
        return Decision.newBuilder()
                .setDecisionId("d-" + ids++)
                .setCustomerId(customer)
                .setTrigger(trigger)
                .setCauseEventId("e-" + ids)
                .setDecidedAt(at)
                .setCatalogVersion(3)
                .setOutcome(outcome);
    }

    private Decision sent(String customer, Channel channel, long at) {
        return decision(customer, Trigger.CROSS_SELL, DecisionOutcome.SENT, at)
                .setOfferId("offer-a").setChannel(channel).setSendAt(at).setMessageId("m-" + ids).build();
    }

    private static PurchaseEvent purchase(String customer, String product, long at) {
        return PurchaseEvent.newBuilder().setEventId("p-" + customer + at).setEventTime(at).setCustomerId(customer)
                .setOrderId("o-" + at)
                .setLines(List.of(OrderLine.newBuilder().setProductId(product).setCategory("c").setQuantity(1)
                        .setUnitPrice(1).build()))
                .build();
    }

    private static DecisionReport.Settings settings(int population) {
        return new DecisionReport.Settings(CAPS, 7 * DAY, T0, T0 + 28 * DAY, population, PRODUCTS, 0.1);
    }

    @Test
    void rollingWindowsCountWhatTheCapsCount() {
        // 20 h apart twice: never 3 in one 24 h window, though 3 within 40 h.
        assertEquals(2, DecisionReport.maxInWindow(List.of(0L, 20 * HOUR, 40 * HOUR), DAY));
        // a window is [w, w + 24 h): exactly 24 h apart is two windows
        assertEquals(1, DecisionReport.maxInWindow(List.of(0L, DAY), DAY));
        assertEquals(2, DecisionReport.maxInWindow(List.of(0L, DAY - 1), DAY));
        assertEquals(3, DecisionReport.maxInWindow(List.of(0L, 1L, 2L, 10 * DAY), DAY));
        assertEquals(0, DecisionReport.maxInWindow(List.of(), DAY));
    }

    @Test
    void messagesWithinTheCapsAreReportedSo() {
        List<Decision> ds = new ArrayList<>();
        // c1: 2 a day on two channels, 3 days: 6 in a week, 3 on each channel.
        for (int d = 0; d < 3; d++) {
            ds.add(sent("c1", Channel.EMAIL, T0 + d * DAY + 9 * HOUR));
            ds.add(sent("c1", Channel.PUSH, T0 + d * DAY + 18 * HOUR));
        }
        ds.add(sent("c2", Channel.EMAIL, T0 + 8 * DAY));
        DecisionReport r = DecisionReport.evaluate(ds, List.of(), settings(10));
        DecisionReport.Contacts c = r.contacts();
        assertEquals(7, c.messages());
        assertEquals(2, c.customersMessaged());
        assertEquals(4, c.weeks());
        assertEquals(2, c.maxRollingDay().max());
        assertEquals(6, c.maxRollingWeek().max());
        assertEquals(1, c.maxChannelRollingDay());
        assertEquals(3, c.maxChannelRollingWeek());
        assertTrue(c.withinCaps(), r.table());
        // 10 customers x 4 blocks: 38 zeros, c1's 6 in block 0, c2's 1 in block 1
        assertEquals(40, c.perCustomerWeek().n());
        assertEquals(7.0 / 40, c.perCustomerWeek().mean(), 1e-12);
        assertEquals(0, c.perCustomerWeek().p90());
        assertEquals(6, c.perCustomerWeek().max());
        assertFalse(r.table().contains("VIOLATED"), r.table());
    }

    @Test
    void aCapViolationIsFlaggedWithTheCustomer() {
        List<Decision> ds = new ArrayList<>();
        // 4 messages within 23 h: over the daily cap of 3, and 3 on EMAIL over the channel cap of 2.
        ds.add(sent("c9", Channel.EMAIL, T0));
        ds.add(sent("c9", Channel.EMAIL, T0 + 5 * HOUR));
        ds.add(sent("c9", Channel.EMAIL, T0 + 10 * HOUR));
        ds.add(sent("c9", Channel.PUSH, T0 + 23 * HOUR));
        DecisionReport r = DecisionReport.evaluate(ds, List.of(), settings(1));
        DecisionReport.Contacts c = r.contacts();
        assertFalse(c.withinCaps());
        assertEquals(1, c.overDay());
        assertEquals(0, c.overWeek());
        assertEquals(1, c.overChannelDay());
        assertEquals(4, c.maxRollingDay().max());
        assertTrue(c.violationExamples().get(0).startsWith("c9: 4 in 24 h"), c.violationExamples().toString());
        assertTrue(r.table().contains("CAP VIOLATED"), r.table());
    }

    @Test
    void outcomesAndRulesCountDecisionsAndADeferredDecisionOnce() {
        List<Decision> ds = new ArrayList<>();
        ds.add(sent("c1", Channel.EMAIL, T0));
        Decision dup = ds.get(0);
        ds.add(dup); // at-least-once sink: the same record twice
        ds.add(decision("c2", Trigger.CROSS_SELL, DecisionOutcome.SUPPRESSED, T0).setSuppressedBy("DAILY_CAP").setOfferId("offer-a").build());
        ds.add(decision("c3", Trigger.BIRTHDAY, DecisionOutcome.SUPPRESSED, T0).setSuppressedBy("NO_CONSENT").build());
        ds.add(decision("c4", Trigger.BIRTHDAY, DecisionOutcome.NO_CANDIDATE, T0).build());
        ds.add(decision("c5", Trigger.CROSS_SELL, DecisionOutcome.HOLDOUT, T0).setOfferId("offer-a").setSendAt(T0).build());
        // deferred at 22:00, released 08:00: sent; another deferred, stopped at release by the weekly cap
        ds.add(decision("c6", Trigger.CART_ABANDONMENT, DecisionOutcome.DEFERRED, T0).setMessageId("m-x")
                .setChannel(Channel.PUSH).setSendAt(T0 + 10 * HOUR).build());
        ds.add(decision("c6", Trigger.CART_ABANDONMENT, DecisionOutcome.SENT, T0 + 10 * HOUR).setMessageId("m-x")
                .setChannel(Channel.PUSH).setSendAt(T0 + 10 * HOUR).build());
        ds.add(decision("c7", Trigger.CART_ABANDONMENT, DecisionOutcome.DEFERRED, T0).setMessageId("m-y")
                .setChannel(Channel.PUSH).setSendAt(T0 + 10 * HOUR).build());
        ds.add(decision("c7", Trigger.CART_ABANDONMENT, DecisionOutcome.SUPPRESSED, T0 + 10 * HOUR).setMessageId("m-y")
                .setSuppressedBy("WEEKLY_CAP").setChannel(Channel.PUSH).setSendAt(T0 + 10 * HOUR).build());
        ds.add(decision("c8", Trigger.CART_ABANDONMENT, DecisionOutcome.DEFERRED, T0).setMessageId("m-z")
                .setChannel(Channel.SMS).setSendAt(T0 + 10 * HOUR).build());

        DecisionReport r = DecisionReport.evaluate(ds, List.of(), settings(10));
        assertEquals(11, r.records());
        assertEquals(1, r.duplicateRecords());
        assertEquals(8, r.decisions(), "c1..c8, releases are part of their decisions");
        assertEquals(1L, r.outcomes().get("SENT"));
        assertEquals(3L, r.outcomes().get("DEFERRED"));
        assertEquals(2L, r.outcomes().get("SUPPRESSED"));
        assertEquals(Map.of("DAILY_CAP", 1L, "NO_CONSENT", 1L, "WEEKLY_CAP", 1L), r.suppressedBy());
        assertEquals(new DecisionReport.Deferred(3, 3.0 / 8, 1, 1, 1), r.deferred());
        assertEquals(Map.of("EMAIL", 1L, "PUSH", 1L), r.messagesByChannel(), "sent at once and released");
        assertEquals(2, r.contacts().messages());
        assertEquals(Map.of(3L, 8L), r.catalogVersions());
        assertEquals(Map.of("WEEKLY_CAP", 1L), r.suppressedByTrigger().get("CART_ABANDONMENT"));
        // would-send: CROSS_SELL c1 (SENT) and c5 (HOLDOUT); CART c6, c7, c8 (DEFERRED)
        assertEquals(new DecisionReport.HoldoutShare(2, 1, 0.5), r.holdoutShare().get("CROSS_SELL"));
        assertEquals(new DecisionReport.HoldoutShare(5, 1, 0.2), r.holdoutShare().get(DecisionReport.ALL));
    }

    @Test
    void upliftComparesPurchasesOfTheOfferedProductInTheWindowWithAConfidenceInterval() {
        List<Decision> ds = new ArrayList<>();
        List<PurchaseEvent> ps = new ArrayList<>();
        // 100 treated, 40 convert (one a day after, inside the 7 d window); 50 held out, 5 convert.
        for (int i = 0; i < 100; i++) {
            ds.add(sent("t" + i, Channel.EMAIL, T0));
            if (i < 40) {
                ps.add(purchase("t" + i, "p-a", T0 + DAY));
            } else if (i < 50) {
                ps.add(purchase("t" + i, "p-a", T0 + 8 * DAY)); // too late
            } else if (i < 60) {
                ps.add(purchase("t" + i, "p-b", T0 + DAY)); // another product
            } else if (i < 70) {
                ps.add(purchase("t" + i, "p-a", T0 - 1)); // before the message
            }
        }
        for (int i = 0; i < 50; i++) {
            ds.add(decision("h" + i, Trigger.CROSS_SELL, DecisionOutcome.HOLDOUT, T0).setOfferId("offer-a").setSendAt(T0).build());
            if (i < 5) {
                ps.add(purchase("h" + i, "p-a", T0 + 7 * DAY)); // exactly at the window's end: counts
            }
        }
        // a birthday voucher has no product: any purchase within the window is the response
        ds.add(decision("b", Trigger.BIRTHDAY, DecisionOutcome.SENT, T0).setOfferId("offer-birthday").setMessageId("mb")
                .setChannel(Channel.EMAIL).setSendAt(T0).build());
        ps.add(purchase("b", "p-whatever", T0 + DAY));

        DecisionReport r = DecisionReport.evaluate(ds, ps, settings(200));
        DecisionReport.Uplift u = r.uplift().get("CROSS_SELL");
        assertEquals(100, u.treated());
        assertEquals(40, u.treatedConverted());
        assertEquals(50, u.holdout());
        assertEquals(5, u.holdoutConverted());
        assertEquals(0.4, u.treatedRate(), 1e-12);
        assertEquals(0.1, u.holdoutRate(), 1e-12);
        assertEquals(0.3, u.absolute(), 1e-12);
        assertEquals(3.0, u.relative(), 1e-12);
        // se = sqrt(.4 * .6 / 100 + .1 * .9 / 50) = sqrt(.0024 + .0018) = .064807...
        double se = Math.sqrt(0.0042);
        assertEquals(0.3 - 1.96 * se, u.ciLow(), 1e-12);
        assertEquals(0.3 + 1.96 * se, u.ciHigh(), 1e-12);
        assertEquals(0.1730, u.ciLow(), 1e-4);
        assertTrue(u.significant());

        DecisionReport.Uplift birthday = r.uplift().get("BIRTHDAY");
        assertEquals(1, birthday.treated());
        assertEquals(1, birthday.treatedConverted());
        assertEquals(1, birthday.byAnyPurchase());
        assertTrue(Double.isNaN(birthday.absolute()), "no held-out birthday to compare with");
        assertNull(birthday.relative());
        assertEquals(1, r.uplift().get(DecisionReport.ALL).byAnyPurchase());
        assertEquals(101, r.uplift().get(DecisionReport.ALL).treated());
        assertTrue(r.toJson().contains("\"treatedRate\" : 0.4"), r.toJson());
    }

    @Test
    void noHoldoutConversionsMeansNoRelativeUplift() {
        DecisionReport.Uplift u = DecisionReport.uplift(new long[] {10, 2, 10, 0, 0});
        assertEquals(0.2, u.absolute(), 1e-12);
        assertNull(u.relative());
    }
}
