package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.churn.BgNbdParameters;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;

class ChurnRiskModelTest {
    private final CustomerModelSettings settings = CustomerModelSettings.defaults();
    private final CustomerModel model = new CustomerModel(settings);
    private final ChurnRiskModel churn = new ChurnRiskModel(settings);

    private CustomerState buyer(long... purchaseTimes) {
        CustomerState s = CustomerProfile.newCustomer(purchaseTimes[0]);
        for (long t : purchaseTimes) {
            model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", t, 25)));
        }
        return s;
    }

    @Test
    void pAliveFallsWithSilenceAndJumpsBackOnAPurchase() {
        CustomerState s = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY);
        long last = T0 + 21 * ONE_DAY;
        double atPurchase = churn.pAlive(s, last);
        double after30 = churn.pAlive(s, last + 30 * ONE_DAY);
        double after60 = churn.pAlive(s, last + 60 * ONE_DAY);
        // BG/NBD drops customers out right after a purchase, so even then P(alive) is below 1:
        // (b + x - 1) / (a + b + x - 1) with x = 3 repeat purchases.
        BgNbdParameters p = settings.bgNbd;
        assertEquals((p.b() + 2) / (p.a() + p.b() + 2), atPurchase, 1e-9);
        assertTrue(after30 < atPurchase && after60 < after30, after30 + " then " + after60);

        model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", last + 60 * ONE_DAY, 25)));
        double back = churn.pAlive(s, last + 60 * ONE_DAY);
        assertEquals((p.b() + 3) / (p.a() + p.b() + 3), back, 1e-9, "jumps back on a purchase");
        assertTrue(back > atPurchase);
    }

    @Test
    void theTimerIsSetWherePAliveCrossesTheThreshold() {
        CustomerState s = buyer(T0, T0 + 3 * ONE_DAY, T0 + 6 * ONE_DAY, T0 + 9 * ONE_DAY, T0 + 12 * ONE_DAY);
        long last = T0 + 12 * ONE_DAY;
        long crossing = churn.nextCrossing(s, last);
        // Silence is overdue first (at 6 days); after it, the P(alive) crossing comes next.
        assertEquals(last + 6 * ONE_DAY, crossing);
        long pAliveCrossing = churn.nextCrossing(s, crossing);
        assertEquals(settings.pAliveThreshold, churn.pAlive(s, pAliveCrossing), 1e-3);
        assertTrue(churn.pAlive(s, pAliveCrossing - ONE_DAY) > settings.pAliveThreshold);
    }

    @Test
    void silenceIsMeasuredAgainstTheCustomersOwnMedianGap() {
        // Gaps 7, 7, 30, 7 days: the median is 7, one long gap does not change the rhythm.
        CustomerState s = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 44 * ONE_DAY, T0 + 51 * ONE_DAY);
        assertEquals(7 * ONE_DAY, CustomerProfile.typicalGapMillis(s, settings));
        assertEquals(T0 + 65 * ONE_DAY, churn.overdueAt(s));
        assertEquals(0, churn.assess(s, T0 + 64 * ONE_DAY).silence, 1e-9);
        assertEquals(settings.riskEnter, churn.assess(s, T0 + 65 * ONE_DAY).silence, 1e-9);
    }

    @Test
    void anActivityDropIsFoundAtTheInstantTheRatioCrossesItsLevel() {
        CustomerState s = CustomerProfile.newCustomer(T0);
        // A daily visitor for two months, then nothing.
        long t = T0;
        for (int day = 0; day < 60; day++) {
            t = T0 + day * ONE_DAY;
            model.observe(s, CustomerEvent.of(TestEvents.productView("c", "s-" + day, "shoes", t)));
        }
        long dropAt = churn.nextCrossing(s, t);
        assertTrue(dropAt > t && dropAt < t + 20 * ONE_DAY, "drop after " + (dropAt - t) / (double) ONE_DAY + " days");
        CustomerProfile.decayTo(s, dropAt, settings);
        assertEquals(settings.activityDropRatio, churn.activityRatio(s), 1e-3);
        assertEquals(ChurnRiskModel.SUPPORTING_MAX, churn.assess(s, dropAt).activityDrop, 1e-9);
        assertTrue(churn.assess(s, dropAt).risk < settings.riskEnter, "a drop alone is a sign, not a verdict");
    }

    @Test
    void aComplaintAndAnActivityDropTogetherPutACustomerAtRisk() {
        CustomerState s = CustomerProfile.newCustomer(T0);
        long t = T0;
        for (int day = 0; day < 60; day++) {
            t = T0 + day * ONE_DAY;
            model.observe(s, CustomerEvent.of(TestEvents.productView("c", "s-" + day, "shoes", t)));
        }
        long dropAt = churn.nextCrossing(s, t);
        model.observe(s, CustomerEvent.of(TestEvents.complaint("c", dropAt)));
        assertTrue(churn.assess(s, dropAt).risk >= settings.riskEnter);
    }

    @Test
    void reasonsSaySpansInTheUnitAPersonWould() {
        assertEquals("30 days", ChurnRiskModel.days(30 * 86_400_000L));
        assertEquals("2 days", ChurnRiskModel.days(2 * 86_400_000L));
        assertEquals("36 hours", ChurnRiskModel.days(36 * 3_600_000L));
        assertEquals("90 minutes", ChurnRiskModel.days(90 * 60_000L));
        assertEquals("1 minute", ChurnRiskModel.days(60_000L));
        assertEquals("0 minutes", ChurnRiskModel.days(10_000L));
    }
}
