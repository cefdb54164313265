package io.kairos.loadgen.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.events.Channel;
import io.kairos.loadgen.accuracy.Observed.ChurnSignal;
import io.kairos.loadgen.accuracy.Observed.Message;
import io.kairos.loadgen.scenario.Archetype;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.loadgen.scenario.GroundTruth.CartTruth;
import io.kairos.loadgen.scenario.GroundTruth.ChurnTruth;
import io.kairos.loadgen.scenario.GroundTruth.ConsentSpan;
import io.kairos.loadgen.scenario.GroundTruth.CrossSellTruth;
import io.kairos.loadgen.scenario.GroundTruth.CustomerTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccuracyTest {
    private static final long DAY = 86_400_000L;
    private static final long MIN = 60_000L;
    private static final long T0 = 1_780_000_000_000L - 1_780_000_000_000L % DAY; // a UTC midnight
    private static final long END = day(100);

    private static long day(double d) {
        return T0 + (long) (d * DAY);
    }

    private static CustomerTruth customer(String id, Archetype archetype, Channel... consents) {
        Map<Channel, ConsentSpan> spans = new java.util.EnumMap<>(Channel.class);
        for (Channel c : consents) {
            spans.put(c, new ConsentSpan(T0, null));
        }
        return new CustomerTruth(id, archetype, T0, "Europe/Berlin", null, spans);
    }

    private static ChurnSignal entered(String id, double d) {
        return new ChurnSignal(id, day(d), true);
    }

    private static ChurnSignal cleared(String id, double d) {
        return new ChurnSignal(id, day(d), false);
    }

    private static Message message(String id, String trigger, Channel channel, String offer, long at, String cause) {
        return new Message(id, id + "-" + trigger + "-" + at, trigger, channel, offer, at, cause);
    }

    private static GroundTruth churnTruth() {
        GroundTruth t = new GroundTruth();
        t.add(customer("a", Archetype.DRIFTER));
        t.add(customer("b", Archetype.DRIFTER));
        t.add(customer("c", Archetype.DRIFTER));
        t.add(customer("d", Archetype.DRIFTER));
        t.add(customer("loyal", Archetype.LOYAL_REGULAR));
        t.add(customer("once", Archetype.ONE_TIME));
        // a: gap 10 d, last purchase day 20: flagged day 40 -> 2 gaps
        t.add(new ChurnTruth("a", Archetype.DRIFTER, day(20), day(10), day(21), 10, 5));
        // b: never flagged
        t.add(new ChurnTruth("b", Archetype.DRIFTER, day(30), day(15), day(31), 10, 5));
        // c: last purchase day 95: only 5 days to notice, not detectable
        t.add(new ChurnTruth("c", Archetype.DRIFTER, day(95), day(80), day(96), 10, 8));
        // d: flagged while slowing (day 45), still at risk at its last purchase (day 50): delay 0
        t.add(new ChurnTruth("d", Archetype.DRIFTER, day(50), day(40), day(51), 10, 5));
        t.add(new ChurnTruth("once", Archetype.ONE_TIME, day(5), day(5), day(6), 0, 1));
        return t;
    }

    @Test
    void churnRecallPrecisionAndDelayInEachChurnersGaps() {
        List<ChurnSignal> signals = List.of(
                entered("a", 2), cleared("a", 3), // early flag, before slowing: a false flag on a true customer
                entered("a", 40),
                entered("d", 45),
                entered("loyal", 50), cleared("loyal", 52),
                entered("once", 60));
        AccuracyReport.Churn churn = Accuracy.evaluate(churnTruth(), signals, List.of(), Accuracy.Settings.defaults(END)).churn();
        assertEquals(4, churn.drifters());
        assertEquals(3, churn.detectable()); // a, b, d
        assertEquals(2, churn.detected()); // a, d
        assertEquals(2 / 3.0, churn.recall(), 1e-9);
        assertEquals(0.0, churn.medianDelayGaps(), 1e-9); // delays {0, 2}: nearest-rank median
        assertEquals(2.0, churn.p90DelayGaps(), 1e-9);
        assertEquals(4, churn.flaggedCustomers()); // a, d, loyal, once
        assertEquals(3, churn.trueFlaggedCustomers());
        assertEquals(0.75, churn.customerPrecision(), 1e-9);
        assertEquals(5, churn.flags());
        assertEquals(3, churn.trueFlags()); // a@40, d@45, once@60
        assertEquals(Map.of("LOYAL_REGULAR", 1), churn.falseAlarmsByArchetype());
        assertEquals(1, churn.oneTimeBuyers());
        assertEquals(1, churn.oneTimeFlagged());
    }

    @Test
    void aFlagClearedBeforeTheLastPurchaseDoesNotCountAsDetection() {
        List<ChurnSignal> signals = List.of(entered("b", 20), cleared("b", 25));
        AccuracyReport.Churn churn = Accuracy.evaluate(churnTruth(), signals, List.of(), Accuracy.Settings.defaults(END)).churn();
        assertEquals(0, churn.detected());
        assertEquals(1, churn.trueFlaggedCustomers()); // flagged while slowing (from day 15): a true flag
    }

    @Test
    void cartAbandonmentsFoundWithinTheWindowAndTheCooldownRespected() {
        GroundTruth t = new GroundTruth();
        t.add(customer("x", Archetype.BARGAIN_HUNTER, Channel.PUSH));
        t.add(customer("y", Archetype.PROSPECT));
        t.add(new CartTruth("x", "s1", day(1), List.of("p1"), true));
        t.add(new CartTruth("x", "s2", day(3), List.of("p2"), true)); // within 7 d of day 1: not expected
        t.add(new CartTruth("x", "s3", day(10), List.of("p3"), true)); // expected, missed
        t.add(new CartTruth("x", "s4", day(20), List.of("p4"), true)); // expected, found
        t.add(new CartTruth("y", "s5", day(2), List.of("p5"), false)); // nobody to remind
        List<Message> messages = List.of(
                message("x", "CART_ABANDONMENT", Channel.PUSH, "cart-reminder", day(1) + 30 * MIN, "cart@1"),
                message("x", "CART_ABANDONMENT", Channel.PUSH, "cart-reminder", day(20) + 30 * MIN, "cart@20"),
                message("x", "CART_ABANDONMENT", Channel.PUSH, "cart-reminder", day(50), "cart@50")); // no cart
        AccuracyReport.Moments carts = Accuracy.evaluate(t, List.of(), messages, Accuracy.Settings.defaults(END)).cartAbandonment();
        assertEquals(5, carts.planted());
        assertEquals(4, carts.reachable());
        assertEquals(3, carts.expected());
        assertEquals(2, carts.found());
        assertEquals(2 / 3.0, carts.foundShare(), 1e-9);
        assertEquals(1, carts.spurious());
        assertEquals(30.0, carts.medianDelayMinutes(), 1e-9);
    }

    @Test
    void crossSellMomentsFoundByTheMessageTheirPurchaseCaused() {
        GroundTruth t = new GroundTruth();
        t.add(customer("x", Archetype.OCCASIONAL, Channel.EMAIL));
        t.add(new CrossSellTruth("x", "e-1", day(1), "p-cam", List.of("o1", "o2"), true));
        t.add(new CrossSellTruth("x", "e-2", day(40), "p-cam2", List.of("o3"), true));
        t.add(new CrossSellTruth("x", "e-3", day(80), "p-cam3", List.of(), false));
        List<Message> messages = List.of(
                message("x", "CROSS_SELL", Channel.EMAIL, "o2", day(1), "e-1"),
                message("x", "CROSS_SELL", Channel.EMAIL, "o9", day(90), "e-9"));
        AccuracyReport.Moments cross = Accuracy.evaluate(t, List.of(), messages, Accuracy.Settings.defaults(END)).crossSell();
        assertEquals(3, cross.planted());
        assertEquals(2, cross.reachable());
        assertEquals(1, cross.found());
        assertEquals(0.5, cross.foundShare(), 1e-9);
        assertEquals(1, cross.rightOffer());
        assertEquals(1, cross.spurious());
        assertEquals(0.0, cross.medianDelayMinutes(), 1e-9);
    }

    @Test
    void messagesPerCustomerAgainstCapsAndConsentAtTheMessagesTime() {
        GroundTruth t = new GroundTruth();
        t.add(customer("x", Archetype.LOYAL_REGULAR, Channel.PUSH));
        t.add(new CustomerTruth("z", Archetype.LOYAL_REGULAR, T0, "UTC", "1990-01-02",
                Map.of(Channel.EMAIL, new ConsentSpan(T0, day(10)))));
        t.add(customer("quiet", Archetype.PROSPECT));
        t.add(customer("quiet2", Archetype.PROSPECT));
        List<Message> messages = new ArrayList<>();
        messages.add(message("x", "CROSS_SELL", Channel.PUSH, "o1", day(1) + 1000, "e-1"));
        messages.add(message("x", "CART_ABANDONMENT", Channel.PUSH, "cart-reminder", day(1) + 2000, "cart@"));
        messages.add(message("x", "CROSS_SELL", Channel.EMAIL, "o2", day(2), "e-2")); // no EMAIL consent
        messages.add(message("z", "CROSS_SELL", Channel.EMAIL, "o3", day(5), "e-3"));
        messages.add(message("z", "CROSS_SELL", Channel.EMAIL, "o4", day(12), "e-4")); // after revocation
        messages.add(message("stranger", "CROSS_SELL", Channel.EMAIL, "o5", day(12), "e-5"));
        AccuracyReport report = Accuracy.evaluate(t, List.of(), messages, Accuracy.Settings.defaults(END).withCaps(1, 2));
        AccuracyReport.Volume v = report.messages();
        assertEquals(6, v.total());
        assertEquals(3, v.customersMessaged());
        assertEquals(2, v.maxPerDay());
        assertEquals(1, v.dayCapViolations()); // x on day 1
        assertEquals(3, v.maxPerWeek()); // x: days 1 and 2 share a week (T0 is a Thursday or not, both in one)
        assertTrue(v.weekCapViolations() >= 1);
        assertEquals(Map.of("CART_ABANDONMENT", 1L, "CROSS_SELL", 5L), v.byTrigger());
        assertEquals(2, report.consent().withoutConsent());
        assertEquals(1, report.consent().unknownCustomer());
    }

    @Test
    void jsonHasEveryFigureAndNullWhereNothingWasCounted() throws Exception {
        AccuracyReport report = Accuracy.evaluate(churnTruth(), List.of(entered("a", 40)), List.of(),
                Accuracy.Settings.defaults(END));
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(1 / 3.0, json.path("churn").path("recall").asDouble(), 1e-9);
        assertTrue(json.path("cartAbandonment").path("foundShare").isNull());
        assertTrue(report.table().contains("recall"), report.table());
    }
}
