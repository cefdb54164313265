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

    /** A browser whose sessions dropped (short rate far below the long baseline) at {@code t}. */
    private static CustomerState droppedBrowser(long t) {
        CustomerState s = CustomerProfile.newCustomer(t);
        CustomerProfile.decayTo(s, t, CustomerModelSettings.defaults());
        s.getSessionRates().set(0, 0.1); // ~0.014 per day over 7 days
        s.getSessionRates().set(1, 12.0); // ~0.13 per day over 90 days: 4 per 30 days
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
        long t = T0;
        CustomerState s = droppedBrowser(t);

        s.setNegativeCues(1.5); // activity drop + complaints
        CustomerModel.Outcome entered = model.assess("c", s, t, null, "e-1");
        assertTrue(entered.churn.risk >= settings.riskEnter, "risk " + entered.churn.risk);
        assertEquals(List.of(SignalType.CHURN_RISK_ENTERED), churnSignals(entered));

        s.setNegativeCues(0.6); // below enter, above exit
        CustomerModel.Outcome between = model.assess("c", s, t, null, "e-2");
        assertTrue(between.churn.risk < settings.riskEnter && between.churn.risk > settings.riskExit);
        assertTrue(churnSignals(between).isEmpty(), "no flapping");
        assertTrue(s.getAtRisk());

        s.setNegativeCues(1.5); // back above enter: already in risk, nothing new
        assertTrue(churnSignals(model.assess("c", s, t, null, "e-3")).isEmpty());

        s.setNegativeCues(0);
        s.getSessionRates().set(0, 3.0); // visits are back
        CustomerModel.Outcome cleared = model.assess("c", s, t, null, "e-4");
        assertEquals(List.of(SignalType.CHURN_RISK_CLEARED), churnSignals(cleared));
        assertFalse(s.getAtRisk());
    }

    @Test
    void reasonsNameWhatDroveTheRisk() {
        CustomerState s = droppedBrowser(T0);
        s.setNegativeCues(1.5);
        CustomerModel.Outcome outcome = model.assess("c", s, T0, null, "e-1");
        assertEquals(2, outcome.churn.reasons.size(), outcome.churn.reasons::toString);
        assertTrue(outcome.churn.reasons.stream().anyMatch(r -> r.startsWith("activity drop")));
        assertTrue(outcome.churn.reasons.stream().anyMatch(r -> r.startsWith("negative cues")));
        assertEquals(outcome.churn.reasons, s.getChurnReasons());
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
    void aOneTimeBuyerIsOverdueAfterTwiceTheDefaultGap() {
        CustomerModelSettings.Builder b = settings.toBuilder();
        b.segmentReview = Duration.ofDays(1000); // only the churn detectors set the next look
        CustomerModel model = new CustomerModel(b.build());
        CustomerState s = CustomerProfile.newCustomer(T0);
        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", T0, 40)));
        CustomerModel.Outcome now = model.assess("c", s, T0, null, "p");
        assertEquals(T0 + 2 * 90 * ONE_DAY, now.nextReviewAt, "next look: when silence becomes overdue");
        CustomerModel.Outcome later = model.assess("c", s, now.nextReviewAt, null, "timer:review");
        assertTrue(s.getAtRisk());
        assertEquals(1, churnSignals(later).size());
    }
}
