package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.churn.BgNbdModel;
import io.kairos.churn.BgNbdParameters;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;

/**
 * The churn probability P(no purchase within the horizon): BG/NBD's formulas where its
 * assumptions hold (purchases only, exponential gaps), one scale for one-time and repeat buyers,
 * monotone in silence, negative cues as evidence, and the instant the flag's P(left) crosses its
 * level, which the operator's timer is set to.
 */
class ChurnRiskModelTest {
    /** Purchases only and no regularity: plain BG/NBD, to check against its published formulas. */
    private final CustomerModelSettings plain = settings(false, 1);
    private final CustomerModel model = new CustomerModel(plain);
    private final ChurnRiskModel churn = new ChurnRiskModel(plain);
    private final BgNbdParameters p = plain.bgNbd;

    private static CustomerModelSettings settings(boolean visits, int maxRegularity) {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.visitEvidence = visits;
        b.maxRegularity = maxRegularity;
        return b.build();
    }

    private CustomerState buyer(CustomerModel m, long... purchaseTimes) {
        CustomerState s = CustomerProfile.newCustomer(purchaseTimes[0]);
        for (long t : purchaseTimes) {
            m.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", t, 25)));
        }
        return s;
    }

    private CustomerState buyer(long... purchaseTimes) {
        return buyer(model, purchaseTimes);
    }

    @Test
    void isBgNbdsNoPurchaseProbabilityForARepeatBuyer() {
        CustomerState s = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY);
        long t = T0 + 51 * ONE_DAY; // 30 days silent
        int x = 3;
        double tx = 21, bigT = 51, h = 90;
        double pAlive = new BgNbdModel(p).pAlive(x, tx, bigT);
        double noPurchaseIfAlive = Math.pow((p.alpha() + bigT) / (p.alpha() + bigT + h), p.r() + x);
        ChurnRiskModel.Assessment a = churn.assess(s, t);
        assertEquals(pAlive, a.pAlive, 1e-9);
        assertEquals(1 - pAlive * (1 - noPurchaseIfAlive), a.pChurn, 1e-9);
        assertEquals(1 - pAlive, a.risk, 1e-9); // the flag's number: P(left)
        assertEquals(new BgNbdModel(p).expectedPurchases(h, x, tx, bigT), a.expectedPurchases, 1e-6);
    }

    @Test
    void oneTimeAndRepeatBuyersAreOnOneScale() {
        // A one-time buyer under MBG/NBD (the default): they may have dropped out right after the
        // first purchase, odds a/b, times ((alpha+T)/alpha)^r as their silence grows; and likely
        // not to buy within 90 days, likelier the longer they are silent.
        CustomerState once = buyer(T0);
        double onceNow = churn.pChurn(once, T0);
        double pAliveNow = 1 / (1 + p.a() / p.b());
        assertEquals(1 - pAliveNow * (1 - Math.pow(p.alpha() / (p.alpha() + 90), p.r())), onceNow, 1e-9);
        assertEquals(1 / (1 + p.a() / p.b() * Math.pow((p.alpha() + 60) / p.alpha(), p.r())),
                churn.pAlive(once, T0 + 60 * ONE_DAY), 1e-9);
        assertTrue(churn.pChurn(once, T0 + 60 * ONE_DAY) > onceNow);

        // A weekly buyer who just bought is far less likely to go 90 days without a purchase than
        // a one-time buyer; one who has been silent for half a year far more.
        CustomerState weekly = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY, T0 + 28 * ONE_DAY);
        assertTrue(churn.pChurn(weekly, T0 + 28 * ONE_DAY) < onceNow / 2);
        assertTrue(churn.pChurn(weekly, T0 + 208 * ONE_DAY) > churn.pChurn(once, T0 + 180 * ONE_DAY));
    }

    @Test
    void risesMonotonicallyWithSilenceAndFallsOnAPurchase() {
        for (CustomerModelSettings settings : new CustomerModelSettings[] {plain, settings(true, 8)}) {
            CustomerModel m = new CustomerModel(settings);
            ChurnRiskModel c = m.churn();
            CustomerState s = buyer(m, T0, T0 + 10 * ONE_DAY, T0 + 19 * ONE_DAY, T0 + 30 * ONE_DAY, T0 + 40 * ONE_DAY);
            long last = T0 + 40 * ONE_DAY;
            double previous = -1;
            for (long t = last; t < last + 400 * ONE_DAY; t += ONE_DAY / 2) {
                double pChurn = c.pChurn(s, t);
                assertTrue(pChurn >= previous - 1e-12, "not monotone at day " + (t - last) / ONE_DAY);
                previous = pChurn;
            }
            double silent = c.pChurn(s, last + 60 * ONE_DAY);
            m.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", last + 60 * ONE_DAY, 25)));
            assertTrue(c.pChurn(s, last + 60 * ONE_DAY) < silent, "a purchase lowers it");
        }
    }

    @Test
    void aRegularBuyersSilenceWeighsMoreThanAnIrregularOnes() {
        CustomerModel regularModel = new CustomerModel(settings(false, 8));
        // Both bought 5 times over 40 days; one every 10 days, one irregularly.
        CustomerState regular = buyer(regularModel, T0, T0 + 10 * ONE_DAY, T0 + 20 * ONE_DAY, T0 + 30 * ONE_DAY, T0 + 40 * ONE_DAY);
        CustomerState irregular = buyer(regularModel, T0, T0 + 2 * ONE_DAY, T0 + 25 * ONE_DAY, T0 + 28 * ONE_DAY, T0 + 40 * ONE_DAY);
        ChurnRiskModel c = regularModel.churn();
        long t = T0 + 70 * ONE_DAY; // three of the regular one's gaps
        assertTrue(c.assess(regular, t).regularity > 1);
        assertEquals(1, c.assess(irregular, t).regularity);
        assertTrue(c.pAlive(regular, t) < c.pAlive(irregular, t), c.pAlive(regular, t) + " vs " + c.pAlive(irregular, t));
        // regularity off (k = 1 for everybody) is BG/NBD exactly
        ChurnRiskModel exponential = new CustomerModel(settings(false, 1)).churn();
        assertEquals(new BgNbdModel(p).pAlive(4, 40, 70), exponential.pAlive(irregular, t), 1e-9);
        // the irregular buyer's gaps give some belief to k > 1, which makes silence weigh a little more
        assertTrue(c.pAlive(irregular, t) <= exponential.pAlive(irregular, t) + 1e-12);
    }

    @Test
    void visitsAreSignsOfLifeAndTheirSilenceEvidenceOfLeaving() {
        CustomerModel m = new CustomerModel(settings(true, 1));
        ChurnRiskModel c = m.churn();
        CustomerState browsing = buyer(m, T0, T0 + 14 * ONE_DAY, T0 + 28 * ONE_DAY);
        CustomerState gone = buyer(m, T0, T0 + 14 * ONE_DAY, T0 + 28 * ONE_DAY);
        for (int day = 0; day < 28; day += 2) {
            m.observe(gone, CustomerEvent.of(TestEvents.productView("c", "g-" + day, "shoes", T0 + day * ONE_DAY + 3_600_000L)));
            m.observe(browsing, CustomerEvent.of(TestEvents.productView("c", "b-" + day, "shoes", T0 + day * ONE_DAY + 3_600_000L)));
        }
        for (int day = 28; day < 50; day += 2) { // one keeps visiting, the other does not
            m.observe(browsing, CustomerEvent.of(TestEvents.productView("c", "b-" + day, "shoes", T0 + day * ONE_DAY + 3_600_000L)));
        }
        long t = T0 + 50 * ONE_DAY;
        CustomerProfile.decayTo(gone, t, m.settings());
        CustomerProfile.decayTo(browsing, t, m.settings());
        assertTrue(c.pAlive(browsing, t) > 0.9, "visited yesterday: " + c.pAlive(browsing, t));
        assertTrue(c.pAlive(gone, t) < 0.2, "no visit for 22 days after one every 2: " + c.pAlive(gone, t));
        assertTrue(c.pChurn(gone, t) > c.pChurn(browsing, t));
    }

    @Test
    void purchasesWithinTheOccasionGapAreOneBuyingOccasion() {
        // An order split over two days (12 hours apart) is one occasion: still a one-time buyer.
        CustomerState split = buyer(T0, T0 + ONE_DAY / 2);
        assertEquals(2, split.getPurchaseCount());
        assertEquals(1, CustomerProfile.occasions(split));
        assertTrue(split.getPurchaseGaps().isEmpty(), "no 12-hour rhythm");
        assertEquals(churn.pChurn(buyer(T0 + ONE_DAY / 2), T0 + 3 * ONE_DAY), churn.pChurn(split, T0 + 3 * ONE_DAY), 1e-9);
        assertTrue(churn.pChurn(split, T0 + 3 * ONE_DAY) < 0.9, "not at risk 2 days later");
        CustomerState twice = buyer(T0, T0 + 2 * ONE_DAY);
        assertEquals(2, CustomerProfile.occasions(twice));
    }

    @Test
    void theTimerIsSetWhereTheFlagsProbabilityCrossesTheEnterLevel() {
        CustomerState s = buyer(T0, T0 + 3 * ONE_DAY, T0 + 6 * ONE_DAY, T0 + 9 * ONE_DAY, T0 + 12 * ONE_DAY);
        long last = T0 + 12 * ONE_DAY;
        long retention = last + plain.stateRetention.toMillis();
        assertTrue(churn.pLeft(s, last) < plain.riskEnter);
        long crossing = churn.nextCrossing(s, last, retention);
        assertTrue(crossing > last && crossing < Long.MAX_VALUE);
        assertTrue(churn.pLeft(s, crossing) >= plain.riskEnter);
        assertTrue(churn.pLeft(s, crossing - 60_001L) < plain.riskEnter, "to the minute");
        assertTrue(churn.pChurn(s, crossing) >= churn.pLeft(s, crossing), "pChurn counts the slow ones too");
        // found the same whatever span it is searched in, as long as the span reaches it
        assertEquals(crossing, churn.nextCrossing(s, last, crossing + ONE_DAY));
        assertEquals(crossing, churn.nextCrossing(s, last, crossing));
        // not within the span (the next review due anyway looks again): no crossing
        assertEquals(Long.MAX_VALUE, churn.nextCrossing(s, last, crossing - 60 * 60_000L));
        // once there, only an event changes it: no further crossing
        assertEquals(Long.MAX_VALUE, churn.nextCrossing(s, crossing, retention));
        // a level that is never reached within the limit
        assertEquals(Long.MAX_VALUE, churn.nextCrossing(s, last, 0.999999, last + 30 * ONE_DAY));
        // never bought: nothing to cross
        assertEquals(Long.MAX_VALUE, churn.nextCrossing(CustomerProfile.newCustomer(T0), T0, T0 + 1000 * ONE_DAY));
    }

    @Test
    void negativeCuesAreEvidenceOfHavingLeftAndFade() {
        CustomerModelSettings.Builder without = plain.toBuilder();
        without.cueWeight = 0;
        ChurnRiskModel ignoringCues = new ChurnRiskModel(without.build());
        CustomerState s = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY);
        long t = T0 + 30 * ONE_DAY;
        double before = churn.pLeft(s, t);
        CustomerProfile.decayTo(s, t, plain);
        model.observe(s, CustomerEvent.of(TestEvents.click("c", io.kairos.events.ClickType.SUPPORT_PAGE, t)));
        double odds = churn.pLeft(s, t) / (1 - churn.pLeft(s, t));
        // one support page (0.35 of cue score) multiplies the odds of having left by e^(w 0.35)
        assertEquals(before / (1 - before) * Math.exp(plain.cueWeight * 0.35), odds, odds * 1e-6);
        assertEquals(before, ignoringCues.pLeft(s, t), 1e-12, "weight 0: cues do not count");
        assertTrue(churn.pChurn(s, t) > ignoringCues.pChurn(s, t));
        // they fade with their half-life (14 days): two half-lives later a quarter is left
        long later = t + 28 * ONE_DAY;
        double oddsLater = churn.pLeft(s, later) / (1 - churn.pLeft(s, later));
        double plainLater = ignoringCues.pLeft(s, later) / (1 - ignoringCues.pLeft(s, later));
        assertEquals(plainLater * Math.exp(plain.cueWeight * 0.35 / 4), oddsLater, oddsLater * 1e-6);
        assertTrue(churn.assess(s, t).reasons().get(1).startsWith("negative cues 0.35"), churn.assess(s, t).reasons()::toString);
    }

    @Test
    void theCrossingWithFadingCuesIsNeverLateAndIsFoundAgainAtTheReview() {
        CustomerState s = buyer(T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY, T0 + 28 * ONE_DAY, T0 + 35 * ONE_DAY);
        long t = T0 + 36 * ONE_DAY;
        CustomerProfile.decayTo(s, t, plain);
        model.observe(s, CustomerEvent.of(TestEvents.click("c", io.kairos.events.ClickType.SUPPORT_PAGE, t)));
        long until = t + 400 * ONE_DAY;
        long first = churn.nextCrossing(s, t, until);
        // the true crossing, scanning by the minute near it, is at or after the one found
        long truth = first;
        while (churn.pLeft(s, truth) < plain.riskEnter) {
            truth += 60_000L;
        }
        assertTrue(truth >= first);
        // at the review, with the cues faded further, the search asks again and closes in
        long review = first;
        for (int i = 0; i < 50 && churn.pLeft(s, review) < plain.riskEnter; i++) {
            CustomerProfile.decayTo(s, review, plain);
            review = churn.nextCrossing(s, review, until);
        }
        assertTrue(churn.pLeft(s, review) >= plain.riskEnter);
        assertTrue(review <= truth + 60_000L, (truth - review) / 60_000L + " minutes apart");
    }

    @Test
    void reasonsSayTheSilenceAgainstTheUsualRhythmAndPAlive() {
        CustomerState s = buyer(T0, T0 + 15 * ONE_DAY, T0 + 30 * ONE_DAY, T0 + 45 * ONE_DAY);
        ChurnRiskModel.Assessment a = churn.assess(s, T0 + 92 * ONE_DAY);
        assertTrue(a.reasons().get(0).startsWith("no purchase for 47 days, 3.1x their usual 15 days; P(alive) "),
                a.reasons()::toString);
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
