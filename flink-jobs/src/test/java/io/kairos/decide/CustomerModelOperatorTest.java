package io.kairos.decide;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.forgetMe;
import static io.kairos.testing.TestEvents.productView;
import static io.kairos.testing.TestEvents.purchaseWorth;
import static io.kairos.testing.TestEvents.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.CustomerProfile;
import io.kairos.customer.PyramidThresholds;
import io.kairos.customer.ValueScore;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.Channel;
import io.kairos.events.CustomerSignal;
import io.kairos.events.ProfileSnapshot;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customer model as the keyed operator runs it: churn warnings on timers (silence sends no
 * events), pyramid movements, lifecycle transitions, profiles for Redis, forget-me.
 */
class CustomerModelOperatorTest {
    /** One record: a second customer's turn evicts the first, so write-back runs in every test. */
    private static final CustomerCacheSettings TINY_CUSTOMER_CACHE = new CustomerCacheSettings(1, Duration.ofHours(1));
    private static final String WEEKLY = "c-weekly";
    private static final String TWICE_A_YEAR = "c-twice-a-year";
    private static final String ANNA = "c-anna";

    private KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate> harness;
    private long watermark = Long.MIN_VALUE;

    @BeforeEach
    void setUp() throws Exception {
        harness = harness();
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate> harness()
            throws Exception {
        PersonalizationSettings settings =
                PersonalizationSettings.defaults()
                        .withCustomerModel(CustomerModelSettings.defaults());
        var harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new PersonalizationOperator(
                        new PersonalizationFunction(
                                        new PersonalizationSettings(
                                                settings.cartAbandonmentDelay,
                                                settings.offerCooldown,
                                                settings.messageTtl,
                                                settings.cartReminderChannels,
                                                settings.customerModel)),
                        TINY_CUSTOMER_CACHE),
                        e -> e.customerId,
                        Types.STRING,
                        128,
                        1,
                        0);
        harness.open();
        return harness;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(CustomerEvent e) throws Exception {
        harness.processElement(e, e.eventTime);
        watermark(e.eventTime);
    }

    private void watermark(long time) throws Exception {
        if (time > watermark) {
            watermark = time;
            harness.watermark(time);
        }
    }

    private List<CustomerSignal> signals() {
        var out = harness.getSideOutput(PersonalizationFunction.SIGNALS);
        List<CustomerSignal> signals = new ArrayList<>();
        if (out != null) {
            for (StreamRecord<CustomerSignal> r : out) {
                signals.add(r.getValue());
            }
        }
        return signals;
    }

    private List<CustomerSignal> signals(String customer, SignalType type) {
        return signals().stream()
                .filter(s -> s.getCustomerId().equals(customer) && s.getType() == type)
                .collect(Collectors.toList());
    }

    private List<ProfileSnapshot> profiles(String customer) {
        return harness.extractOutputValues().stream()
                .filter(u -> u.profile != null && u.profile.getCustomerId().equals(customer))
                .map(u -> u.profile)
                .collect(Collectors.toList());
    }

    private static long days(double d) {
        return Math.round(d * ONE_DAY);
    }

    // ---- churn early warning ----

    @Test
    void aReviewFarBehindAJumpOfTheWatermarkRunsAtItsOwnTime() throws Exception {
        // A replay reads fast: the watermark jumps from nothing to the end of the input, past
        // every review the events set. Each runs as of its due time, not the watermark's.
        long last = 0;
        for (int week = 0; week < 6; week++) {
            last = T0 + week * days(7);
            harness.processElement(CustomerEvent.of(purchaseWorth(WEEKLY, last, 50)), last);
        }
        watermark(last + days(60)); // the end of the replay: no event, no tick will follow
        List<CustomerSignal> entered = signals(WEEKLY, SignalType.CHURN_RISK_ENTERED);
        assertEquals(1, entered.size(), signals()::toString);
        long flaggedAfter = entered.get(0).getEventTime() - last;
        // P(left) reaches risk-enter (0.94) about 26 days after the last of six weekly purchases
        // (ChurnRiskModel, its regularity averaged over the Erlang order k that five gaps allow;
        // 17.4 days when five equal gaps made k = 8 for sure).
        assertTrue(flaggedAfter >= days(25) && flaggedAfter <= days(27),
                "flagged " + flaggedAfter / (double) ONE_DAY + " days after the last purchase");
        assertEquals("timer:review", entered.get(0).getCause());
    }

    @Test
    void aWeeklyBuyerWhoStopsIsFlaggedAfterAboutThreeMissedWeeks() throws Exception {
        long last = 0;
        for (int week = 0; week < 8; week++) {
            last = T0 + week * days(7);
            send(CustomerEvent.of(purchaseWorth(WEEKLY, last, 30)));
        }
        watermark(last + days(13));
        assertTrue(signals(WEEKLY, SignalType.CHURN_RISK_ENTERED).isEmpty(), "not yet: one week missed");

        watermark(last + days(30)); // silence: no event arrives, the timer fires
        List<CustomerSignal> entered = signals(WEEKLY, SignalType.CHURN_RISK_ENTERED);
        assertEquals(1, entered.size());
        long flaggedAfter = entered.get(0).getEventTime() - last;
        // P(left) reaches risk-enter (0.94) 24.4 days after the last of eight weekly purchases:
        // five equal gaps (the ones kept) make a high Erlang order k likely, not certain (16.9
        // days when they made k = 8 for sure; 18 with pChurn >= 0.95).
        assertTrue(
                flaggedAfter >= days(24) && flaggedAfter <= days(25),
                "flagged " + flaggedAfter / (double) ONE_DAY + " days after the last purchase");
        assertTrue(entered.get(0).getReasons().get(0).startsWith("no purchase for 24 days, 3.5x their usual 7 days"),
                entered.get(0).getReasons()::toString);
        assertTrue(entered.get(0).getCause().startsWith("timer:"));
    }

    @Test
    void aTwiceAYearBuyerIsNotFlaggedAfterThreeQuietWeeksButIsAfterTwoMissedYears() throws Exception {
        long last = 0;
        for (int half = 0; half < 3; half++) {
            last = T0 + half * days(182);
            send(CustomerEvent.of(purchaseWorth(TWICE_A_YEAR, last, 300)));
        }
        // (After the first purchase alone the rhythm was unknown, and the default gap applied.)
        long rhythmKnownAt = last;
        watermark(last + days(21));
        assertTrue(signalsAfter(TWICE_A_YEAR, SignalType.CHURN_RISK_ENTERED, rhythmKnownAt).isEmpty());
        watermark(last + days(200));
        assertTrue(signalsAfter(TWICE_A_YEAR, SignalType.CHURN_RISK_ENTERED, rhythmKnownAt).isEmpty(),
                "still within their rhythm");

        // Two repeat purchases in a year say little against the prior, and purchases are all
        // there is to go by: P(left) is 0.50 after a silent year and 0.70 after two (BG/NBD with
        // the CDNOW parameters), short of risk-enter (0.93), so the flag waits for evidence of
        // leaving (visits that stop, negative cues); their pChurn (0.89 after a year) ranks them.
        // (pChurn >= 0.95 flagged them after about 23 months before the flag became P(left).)
        watermark(last + days(400));
        assertTrue(signalsAfter(TWICE_A_YEAR, SignalType.CHURN_RISK_ENTERED, rhythmKnownAt).isEmpty());
        watermark(last + days(720));
        assertTrue(signalsAfter(TWICE_A_YEAR, SignalType.CHURN_RISK_ENTERED, rhythmKnownAt).isEmpty());
    }

    private List<CustomerSignal> signalsAfter(String customer, SignalType type, long after) {
        return signals(customer, type).stream().filter(s -> s.getEventTime() > after).toList();
    }

    @Test
    void aPurchaseClearsTheRiskAndTheCustomerDoesNotFlap() throws Exception {
        long last = 0;
        for (int week = 0; week < 6; week++) {
            last = T0 + week * days(7);
            send(CustomerEvent.of(purchaseWorth(WEEKLY, last, 30)));
        }
        watermark(last + days(28));
        assertEquals(1, signals(WEEKLY, SignalType.CHURN_RISK_ENTERED).size());

        // A visit is a sign of life (kairos.churn.visit-evidence): they have not left, and a
        // weekly buyer who is alive buys within 90 days; the risk clears (the old model kept it:
        // browsing was not buying).
        send(CustomerEvent.of(productView(WEEKLY, "s-1", "shoes", last + days(29))));
        assertEquals(1, signals(WEEKLY, SignalType.CHURN_RISK_CLEARED).size());

        send(CustomerEvent.of(purchaseWorth(WEEKLY, last + days(30), 30)));
        assertEquals(1, signals(WEEKLY, SignalType.CHURN_RISK_CLEARED).size());
        assertEquals(1, signals(WEEKLY, SignalType.CHURN_RISK_ENTERED).size(), "entered once only");
    }

    // ---- lifecycle ----

    @Test
    void lifecycleMovesFromProspectToLoyalToLapsedWithATransitionEach() throws Exception {
        send(CustomerEvent.of(registration(ANNA, "Anna", T0)));
        send(CustomerEvent.of(productView(ANNA, "s-1", "shoes", T0 + ONE_HOUR)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(1), 50)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(31), 50)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(61), 50)));
        watermark(T0 + days(200));

        List<String> stages =
                signals(ANNA, SignalType.LIFECYCLE_TRANSITION).stream()
                        .map(s -> s.getFrom() + ">" + s.getTo())
                        .collect(Collectors.toList());
        assertEquals(
                List.of("PROSPECT>INTENDING", "INTENDING>PURCHASING", "PURCHASING>LOYAL", "LOYAL>LAPSED"),
                stages);
        CustomerSignal lapsed = signals(ANNA, SignalType.LIFECYCLE_TRANSITION).get(3);
        assertEquals(T0 + days(61) + 2 * days(30), lapsed.getEventTime(), "overdue at twice the 30-day rhythm");
    }

    // ---- value pyramid ----

    private void thresholds(long validFrom, double topMinSpend, double highMinSpend, double middleMinSpend)
            throws Exception {
        Duration halfLife = CustomerModelSettings.defaults().valueHalfLife;
        PyramidThresholds t = new PyramidThresholds();
        t.validFrom = validFrom;
        t.activeCustomers = 1000;
        t.topMin = ValueScore.addPurchase(0, false, topMinSpend, validFrom, halfLife);
        t.highMin = ValueScore.addPurchase(0, false, highMinSpend, validFrom, halfLife);
        t.middleMin = ValueScore.addPurchase(0, false, middleMinSpend, validFrom, halfLife);
        harness.processBroadcastElement(ControlUpdate.of(t), validFrom);
    }

    @Test
    void segmentMovesAreSignalledForAnUpgradeAndADowngrade() throws Exception {
        thresholds(T0, 1000, 500, 100);
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + ONE_HOUR, 50)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + 2 * ONE_HOUR, 2000))); // upgrade
        // The population grows richer: from tomorrow the top starts at 5000.
        thresholds(T0 + ONE_DAY, 5000, 1500, 200);
        send(CustomerEvent.of(productView(ANNA, "s-2", "shoes", T0 + ONE_DAY + ONE_HOUR))); // downgrade
        watermark(T0 + days(400)); // a year without purchase: out of the active pyramid

        List<String> moves =
                signals(ANNA, SignalType.SEGMENT_MOVEMENT).stream()
                        .map(s -> s.getFrom() + ">" + s.getTo())
                        .collect(Collectors.toList());
        assertEquals(List.of("PROSPECT>LOW", "LOW>TOP", "TOP>HIGH", "HIGH>INACTIVE"), moves);
        CustomerSignal inactive = signals(ANNA, SignalType.SEGMENT_MOVEMENT).get(3);
        assertEquals(T0 + 2 * ONE_HOUR + days(365), inactive.getEventTime());
    }

    @Test
    void eventsAreAssessedAgainstTheThresholdsOfTheirOwnEventTime() throws Exception {
        thresholds(T0, 1000, 500, 100);
        thresholds(T0 + ONE_DAY, 5000, 1500, 200); // arrives before the earlier event is decided
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + ONE_HOUR, 2000)));
        assertEquals("TOP", signals(ANNA, SignalType.SEGMENT_MOVEMENT).get(0).getTo());
    }

    // ---- Redis profile ----

    @Test
    void theProfileIsPublishedWhenItChangesNotOnEveryEvent() throws Exception {
        send(CustomerEvent.of(purchaseWorth(ANNA, T0, 50)));
        for (int i = 1; i <= 20; i++) {
            send(CustomerEvent.of(productView(ANNA, "s-1", "shoes", T0 + i * 60_000L)));
        }
        List<ProfileSnapshot> published = profiles(ANNA);
        assertTrue(published.size() <= 3, "published " + published.size() + " times for 21 events");
        ProfileSnapshot last = published.get(published.size() - 1);
        assertEquals("LOW", last.getSegment());
        assertEquals("PURCHASING", last.getLifecycle());
        assertEquals(1, last.getPurchaseCount());
        assertEquals(List.of("shoes", "cat-item"), last.getTopCategories());
        assertEquals(last.getLastSeen() + Duration.ofDays(90).toMillis(), last.getExpiresAt());
    }

    // ---- forget me ----

    @Test
    void forgetMeClearsStateTimersAndRedisAndKeepsTheCustomerForgotten() throws Exception {
        send(CustomerEvent.of(purchaseWorth(ANNA, T0, 50)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(7), 50)));
        assertTrue(harness.numEventTimeTimers() >= 1, "a review timer is set");

        send(CustomerEvent.of(forgetMe(ANNA, T0 + days(8))));
        RedisUpdate forget =
                harness.extractOutputValues().stream().filter(u -> u.forget != null).findFirst().orElseThrow();
        assertEquals(ANNA, forget.customerId());
        assertEquals(1, harness.numEventTimeTimers(), "only the end of the forget window remains");

        // A late or replayed event within the retention window brings nothing back.
        int before = harness.extractOutputValues().size();
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(9), 50)));
        watermark(T0 + days(60));
        assertEquals(before, harness.extractOutputValues().size());
        assertTrue(signals(ANNA, SignalType.CHURN_RISK_ENTERED).isEmpty());

        // After the window the id is a new customer, with nothing of the old one.
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(120), 70)));
        ProfileSnapshot fresh = profiles(ANNA).get(profiles(ANNA).size() - 1);
        assertNotNull(fresh);
        assertEquals(1, fresh.getPurchaseCount());
        assertEquals(70.0, fresh.getTotalValue(), 1e-9);
    }

    @Test
    void aCustomerHasOneTimerWhetherTheNextDueInstantMovesLaterOrSoonerAndAForgetLeavesNoneOfIt()
            throws Exception {
        send(CustomerEvent.of(purchaseWorth(ANNA, T0, 50)));
        assertEquals(1, harness.numEventTimeTimers(), "the review");
        send(CustomerEvent.of(productView(ANNA, "s-1", "shoes", T0 + ONE_HOUR)));
        assertEquals(1, harness.numEventTimeTimers(), "the review moved later: the timer stays and fires early");
        send(CustomerEvent.of(TestEvents.addToCart(ANNA, "p-1", 30, T0 + 2 * ONE_HOUR)));
        assertEquals(1, harness.numEventTimeTimers(), "the cart reminder is sooner: the one timer moved to it");

        send(CustomerEvent.of(forgetMe(ANNA, T0 + 2 * ONE_HOUR + 1)));
        assertEquals(1, harness.numEventTimeTimers(), "only the end of the forget window");
    }

    @Test
    void aTimerThatFiresBeforeItsWorkIsDueSetsTheNextAndTheReviewStillRunsOnTime() throws Exception {
        long last = 0;
        for (int week = 0; week < 8; week++) {
            last = T0 + week * days(7);
            // no watermark between the purchases: each moves the review later than the timer
            harness.processElement(CustomerEvent.of(purchaseWorth(WEEKLY, last, 30)), last);
        }
        assertEquals(1, harness.numEventTimeTimers());
        for (long t = T0; t <= last + days(30); t += ONE_HOUR) {
            watermark(t); // the early timers fire one by one
        }
        List<CustomerSignal> entered = signals(WEEKLY, SignalType.CHURN_RISK_ENTERED);
        assertEquals(1, entered.size(), signals()::toString);
        long flaggedAfter = entered.get(0).getEventTime() - last;
        // P(left) reaches risk-enter (0.94) 24.4 days after the last of eight weekly purchases
        // (as in aWeeklyBuyerWhoStopsIsFlaggedAfterAboutThreeMissedWeeks).
        assertTrue(flaggedAfter >= days(24) && flaggedAfter <= days(25),
                "flagged " + flaggedAfter / (double) ONE_DAY + " days after the last purchase");
        assertEquals(1, harness.numEventTimeTimers(), "still one timer");
    }

    // ---- operator's reset ----

    @Test
    void aResetForgetsWhatWasLearnedKeepsWhatTheCustomerToldUsAndWelcomesNewEvents() throws Exception {
        send(CustomerEvent.of(registration(ANNA, "Anna", T0 - days(30))));
        send(CustomerEvent.of(TestEvents.consent(ANNA, Channel.EMAIL, T0 - days(30))));
        for (int week = 0; week < 6; week++) {
            send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(7 * week), 50)));
        }
        ProfileSnapshot before = profiles(ANNA).get(profiles(ANNA).size() - 1);
        assertEquals(6, before.getPurchaseCount());
        assertTrue(harness.numEventTimeTimers() >= 1, "a review timer is set");

        send(CustomerEvent.of(TestEvents.reset(ANNA, T0 + days(36))));
        ProfileSnapshot reset = profiles(ANNA).get(profiles(ANNA).size() - 1);
        assertEquals(0, reset.getPurchaseCount(), "the learned history is gone");
        assertEquals(0.0, reset.getTotalValue(), 1e-9);
        assertEquals("PROSPECT", reset.getLifecycle(), "registered, nothing bought since the reset");
        assertTrue(harness.extractOutputValues().stream().noneMatch(u -> u.forget != null), "no tombstone");
        // The old weekly rhythm would call three silent weeks a churn warning; it is gone.
        watermark(T0 + days(60));
        assertTrue(signals(ANNA, SignalType.CHURN_RISK_ENTERED).isEmpty(), "no timer of the old rhythm is left");

        // Unlike a forget-me, the next event counts at once.
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + days(61), 70)));
        ProfileSnapshot after = profiles(ANNA).get(profiles(ANNA).size() - 1);
        assertEquals(1, after.getPurchaseCount());
        assertEquals(70.0, after.getTotalValue(), 1e-9);
    }

    @Test
    void aResetKeepsConsentsNameBirthdayAndTimeZone() {
        CustomerState old = CustomerProfile.newCustomer(T0);
        old.setFirstName("Anna");
        old.getConsents().put(Channel.EMAIL.name(), true);
        old.setBirthday("--05-17");
        old.setTimeZone("Europe/Paris");
        old.setRegisteredAt(T0);
        old.setPurchaseCount(6);
        old.getCategoryAffinity().put("shoes", 3.0);

        CustomerState fresh = CustomerProfile.resetKeepingWhatTheyToldUs(old, T0 + days(40));
        assertTrue(CustomerProfile.hasConsent(fresh, Channel.EMAIL));
        assertEquals("Anna", fresh.getFirstName());
        assertEquals("--05-17", fresh.getBirthday());
        assertEquals("Europe/Paris", fresh.getTimeZone());
        assertEquals(T0, fresh.getRegisteredAt());
        assertEquals(0, fresh.getPurchaseCount());
        assertTrue(fresh.getCategoryAffinity().isEmpty());
        old.getConsents().put(Channel.SMS.name(), true);
        assertTrue(!CustomerProfile.hasConsent(fresh, Channel.SMS), "a copy, not the old map");
    }

    @Test
    void aCustomerSilentForTheWholeRetentionIsRemovedFromState() throws Exception {
        send(CustomerEvent.of(productView(ANNA, "s-1", "shoes", T0)));
        assertTrue(keyedStateEntries() > 0);
        watermark(T0 + days(731));
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    /** Keyed state entries once the cached records are written back, as before a checkpoint. */
    private int keyedStateEntries() throws Exception {
        harness.prepareSnapshotPreBarrier(1L);
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }
}
