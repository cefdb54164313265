package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerModelTest {
    private final CustomerModelSettings settings = CustomerModelSettings.defaults();
    private final CustomerModel model = new CustomerModel(settings);

    /** A weekly buyer (five purchases, the last at T0 + 28 days), purchases only. */
    private CustomerState weeklyBuyer() {
        CustomerState s = CustomerProfile.newCustomer(T0);
        for (int week = 0; week <= 4; week++) {
            model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", T0 + week * 7 * ONE_DAY, 25)));
        }
        return s;
    }

    private List<SignalType> churnSignals(CustomerModel.Outcome outcome) {
        List<SignalType> types = new ArrayList<>();
        for (CustomerSignal signal : outcome.signals) {
            if (signal.getType() == SignalType.CHURN_RISK_ENTERED || signal.getType() == SignalType.CHURN_RISK_CLEARED) {
                types.add(signal.getType());
            }
        }
        return types;
    }

    @Test
    void hysteresisKeepsACustomerInRiskBetweenTheExitAndEnterLevels() {
        CustomerState s = weeklyBuyer();
        long last = T0 + 28 * ONE_DAY;
        ChurnRiskModel churn = model.churn();
        long until = last + settings.stateRetention.toMillis();
        long enterAt = churn.nextCrossing(s, last, settings.riskEnter, until);
        long exitLevelAt = churn.nextCrossing(s, last, settings.riskExit, until);
        long between = (enterAt + exitLevelAt) / 2; // P(left) between the exit and enter levels
        assertTrue(churn.pLeft(s, between) > settings.riskExit && churn.pLeft(s, between) < settings.riskEnter);

        assertTrue(churnSignals(model.assess("c", s, between, null, "r-1")).isEmpty(), "below enter: not yet");
        CustomerModel.Outcome entered = model.assess("c", s, enterAt, null, "timer:review");
        assertTrue(entered.churn.risk >= settings.riskEnter, "risk " + entered.churn.risk);
        assertEquals(List.of(SignalType.CHURN_RISK_ENTERED), churnSignals(entered));
        assertTrue(churnSignals(model.assess("c", s, enterAt + ONE_DAY, null, "r-2")).isEmpty(), "already in");

        // The same probability between the levels keeps a customer in risk who is in it.
        CustomerModel.Outcome stays = model.assess("c", s, between, null, "r-3");
        assertTrue(churnSignals(stays).isEmpty(), "no flapping");
        assertTrue(s.getAtRisk());

        // A purchase brings it below the exit level: cleared.
        long back = enterAt + 2 * ONE_DAY;
        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", back, 25)));
        CustomerModel.Outcome cleared = model.assess("c", s, back, null, "p");
        assertTrue(cleared.churn.risk <= settings.riskExit, "risk " + cleared.churn.risk);
        assertEquals(List.of(SignalType.CHURN_RISK_CLEARED), churnSignals(cleared));
        assertFalse(s.getAtRisk());
    }

    @Test
    void reasonsAndProbabilitiesReachTheProfile() {
        CustomerState s = weeklyBuyer();
        long t = T0 + 75 * ONE_DAY; // 47 days after the last of weekly purchases
        CustomerModel.Outcome outcome = model.assess("c", s, t, null, "timer:review");
        assertEquals(1, outcome.churn.reasons().size(), outcome.churn.reasons()::toString);
        assertTrue(outcome.churn.reasons().get(0).startsWith("no purchase for 47 days, 6.7x their usual 7 days; P(alive) "),
                outcome.churn.reasons()::toString);
        assertEquals(outcome.churn.reasons(), outcome.profile.getChurnReasons());
        assertTrue(s.getChurnReasons().isEmpty(), "reasons are formatted for the profile, not kept in state");
        assertEquals(Math.round(outcome.churn.pChurn * 1000) / 1000.0, outcome.profile.getPChurn(), 0);
        assertEquals(outcome.profile.getChurnRisk(), outcome.profile.getPChurn(), 0);
        assertEquals(Math.round(outcome.churn.pAlive * 1000) / 1000.0, outcome.profile.getPAlive(), 0);
        assertEquals(Math.round(outcome.churn.expectedPurchases * 1000) / 1000.0, outcome.profile.getExpectedPurchases(), 0);
        assertTrue(outcome.profile.getPAlive() < 0.5 && outcome.profile.getExpectedPurchases() < 1, outcome.profile::toString);
    }

    @Test
    void signalIdsAreDeterministic() {
        CustomerState a = CustomerProfile.newCustomer(T0);
        CustomerState b = CustomerProfile.newCustomer(T0);
        CustomerEvent view = CustomerEvent.of(TestEvents.productView("c", "s", "shoes", T0));
        model.observe(a, view);
        model.observe(b, view);
        String first = model.assess("c", a, T0, null, view.eventId).signals.get(0).getSignalId();
        String second = model.assess("c", b, T0, null, view.eventId).signals.get(0).getSignalId();
        assertEquals(first, second);
    }

    @Test
    void aSilentBuyersProfileIsRewrittenAtEveryReviewSoItNeverDescribesAnOldTime() {
        CustomerState s = weeklyBuyer();
        long last = T0 + 28 * ONE_DAY;
        assertEquals(last, model.assess("c", s, last, null, "p-5").profile.getUpdatedAt(), "the first profile");
        assertEquals(null, model.assess("c", s, last + 60_000L, null, "v-1").profile,
                "a minute later nothing changed and it is not an hour old: not rewritten");
        for (int day = 1; day <= 3; day++) {
            CustomerModel.Outcome review = model.assess("c", s, last + day * ONE_DAY, null, "timer:review");
            assertEquals(last + day * ONE_DAY, review.profile.getUpdatedAt(), "rewritten at the review of day " + day);
            assertEquals(s.getLastSeen(), review.profile.getLastSeen(), "still the last event they sent");
        }
    }

    @Test
    void anActiveBuyersSegmentIsReviewedDailyWithoutEvents() {
        CustomerState s = CustomerProfile.newCustomer(T0);
        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", T0, 40)));
        assertEquals(T0 + ONE_DAY, model.assess("c", s, T0, null, "p").nextReviewAt,
                "the pyramid may have moved by then");
        // The population moved on: thresholds now above what this customer spent.
        PyramidThresholds raised = new PyramidThresholds();
        raised.validFrom = T0 + ONE_DAY;
        raised.activeCustomers = 1000;
        raised.topMin = 1e9;
        raised.highMin = 1e8;
        raised.middleMin = 1e7;
        s.setSegment(io.kairos.state.ValueSegment.TOP);
        CustomerModel.Outcome review = model.assess("c", s, T0 + ONE_DAY, raised, "timer:review");
        assertEquals(io.kairos.state.ValueSegment.LOW, s.getSegment());
        assertEquals(1, review.signals.stream().filter(x -> x.getType() == SignalType.SEGMENT_MOVEMENT).count());
    }

    @Test
    void aOneTimeBuyerLapsesAfterTwiceTheDefaultGapAndWithoutVisitsIsLikelyNotToBuyButNotFlagged() {
        CustomerModelSettings.Builder b = settings.toBuilder();
        b.segmentReview = Duration.ofDays(1000); // only the churn model and the lifecycle set the next look
        CustomerModel model = new CustomerModel(b.build());
        CustomerState s = CustomerProfile.newCustomer(T0);
        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", T0, 40)));
        CustomerModel.Outcome now = model.assess("c", s, T0, null, "p");
        assertEquals(T0 + 2 * 90 * ONE_DAY, now.nextReviewAt, "next look: when silence becomes overdue (LAPSED)");
        CustomerModel.Outcome lapsed = model.assess("c", s, now.nextReviewAt, null, "timer:review");
        assertEquals(io.kairos.state.LifecycleStage.LAPSED, s.getLifecycle());
        // MBG/NBD: they may have dropped out right after their purchase, and their silence makes
        // it likelier, but one purchase is weak evidence: P(left) stays far below the flag's
        // level while a purchase within 90 days is unlikely: pChurn ranks them, the flag waits.
        io.kairos.churn.BgNbdParameters p = settings.bgNbd;
        assertEquals(1 / (1 + p.a() / p.b() * Math.pow((p.alpha() + 180) / p.alpha(), p.r())), lapsed.churn.pAlive, 1e-9);
        assertTrue(lapsed.churn.risk < settings.riskEnter, "P(left) " + lapsed.churn.risk);
        assertTrue(lapsed.churn.pChurn > 0.8, "P(churn) " + lapsed.churn.pChurn);
        assertFalse(s.getAtRisk());
        assertEquals(T0 + settings.inactiveAfter.toMillis(), lapsed.nextReviewAt,
                "then: when they leave the active pyramid (INACTIVE), no crossing before");
    }

    @Test
    void aOneTimeBuyerWhoStopsVisitingIsFlagged() {
        CustomerModelSettings.Builder b = settings.toBuilder();
        b.segmentReview = Duration.ofDays(1000);
        CustomerModel model = new CustomerModel(b.build());
        CustomerState s = CustomerProfile.newCustomer(T0);
        for (int day = 0; day < 20; day += 2) { // visits every other day, one purchase among them
            model.observe(s, CustomerEvent.of(TestEvents.productView("c", "s-" + day, "shoes", T0 + day * ONE_DAY)));
        }
        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", T0 + 18 * ONE_DAY + 60_000L, 40)));
        CustomerModel.Outcome now = model.assess("c", s, T0 + 18 * ONE_DAY + 60_000L, null, "p");
        assertFalse(s.getAtRisk());
        long crossing = now.nextReviewAt;
        assertTrue(crossing < T0 + 2 * 90 * ONE_DAY, "before the lapse: the visits stopped");
        CustomerModel.Outcome later = model.assess("c", s, crossing, null, "timer:review");
        assertTrue(s.getAtRisk(), "P(left) " + later.churn.risk);
        assertEquals(List.of(SignalType.CHURN_RISK_ENTERED), churnSignals(later));
    }
}
