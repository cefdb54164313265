package io.kairos.decide;

import io.kairos.moments.Candidate;
import io.kairos.moments.Moment;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.accessoryOffer;
import static io.kairos.testing.TestEvents.birthday;
import static io.kairos.testing.TestEvents.consent;
import static io.kairos.testing.TestEvents.offerFor;
import static io.kairos.testing.TestEvents.purchase;
import static io.kairos.testing.TestEvents.purchaseWorth;
import static io.kairos.testing.TestEvents.response;
import static io.kairos.testing.TestEvents.revoke;
import static io.kairos.testing.TestEvents.timeZone;
import static io.kairos.testing.TestEvents.viewOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.PyramidThresholds;
import io.kairos.customer.ValueScore;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.Channel;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.FeedbackType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferFeedback;
import io.kairos.events.OfferResponseType;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.learn.ResponseStats;
import io.kairos.policy.ContactPolicy.Suppression;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.Holdout;
import io.kairos.policy.QuietHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decisioning inside the keyed operator, per moment and per contact-policy rule: what is
 * sent, held, held out or suppressed, and what the audit and the learning loop are told.
 */
class DecisioningTest {
    /** One record: a second customer's turn evicts the first, so write-back runs in every test. */
    private static final CustomerCacheSettings TINY_CUSTOMER_CACHE = new CustomerCacheSettings(1, Duration.ofHours(1));
    private static final String ANNA = "c-anna";
    private static final Duration CART_DELAY = Duration.ofMinutes(30);

    private KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate> harness;
    private long watermark = Long.MIN_VALUE;
    private long catalogVersion = 0;

    /** Policy for these tests: no control group unless a test sets one, no quiet hours unless set. */
    private static DecisionSettings rules(UnaryOperator<DecisionSettings> change) {
        DecisionSettings base =
                DecisionSettings.defaults(Duration.ofDays(7), 0.0)
                        .withQuietHours(new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC")));
        return change.apply(base);
    }

    private void start(DecisionSettings rules) throws Exception {
        harness = newHarness(rules);
        harness.open();
        watermark = Long.MIN_VALUE;
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate> newHarness(
            DecisionSettings rules) throws Exception {
        PersonalizationSettings settings =
                new PersonalizationSettings(
                        CART_DELAY, Duration.ofDays(7), Duration.ofDays(3), List.of(Channel.PUSH, Channel.EMAIL),
                        CustomerModelSettings.defaults(), rules);
        return new KeyedBroadcastOperatorTestHarness<>(
                new PersonalizationOperator(
                        new PersonalizationFunction(settings),
                        TINY_CUSTOMER_CACHE),
                e -> e.customerId,
                Types.STRING,
                128,
                1,
                0);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
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

    private void catalog(OfferCatalogEntry entry) throws Exception {
        catalogVersion++;
        harness.processBroadcastElement(ControlUpdate.of(CatalogUpdate.upsert(entry).withVersion(catalogVersion)), T0);
    }

    private void rates(String offerId, String segment, double trials, double successes) throws Exception {
        ResponseStats s = new ResponseStats();
        s.offerId = offerId;
        s.segment = segment;
        s.trials = trials;
        s.successes = successes;
        s.asOf = T0;
        harness.processBroadcastElement(ControlUpdate.of(s), T0);
    }

    private List<PersonalizedMessage> messages() {
        return harness.extractOutputValues().stream()
                .filter(u -> u.message != null)
                .map(u -> u.message)
                .collect(Collectors.toList());
    }

    private List<Decision> decisions() {
        List<Decision> out = new ArrayList<>();
        var records = harness.getSideOutput(PersonalizationFunction.DECISIONS);
        if (records != null) {
            for (StreamRecord<Decision> r : records) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    private List<OfferFeedback> feedback() {
        List<OfferFeedback> out = new ArrayList<>();
        var records = harness.getSideOutput(PersonalizationFunction.FEEDBACK);
        if (records != null) {
            for (StreamRecord<OfferFeedback> r : records) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    // ---- quiet hours ----

    @Test
    void quietHoursHoldAMessageAndReleaseItWhenTheyEndInTheCustomersZone() throws Exception {
        start(rules(r -> r.withQuietHours(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC")))));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(timeZone(ANNA, "Europe/Berlin", T0)));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        long lateEvening = at("2026-11-02T21:30:00Z"); // 22:30 in Berlin
        send(CustomerEvent.of(purchase(ANNA, lateEvening, "camera")));

        assertTrue(messages().isEmpty(), "held, not sent at 22:30 local");
        Decision held = decisions().get(0);
        assertEquals(DecisionOutcome.DEFERRED, held.getOutcome());
        long eightInBerlin = at("2026-11-03T07:00:00Z");
        assertEquals(eightInBerlin, held.getSendAt());

        watermark(eightInBerlin - 1);
        assertTrue(messages().isEmpty());
        watermark(eightInBerlin);
        List<PersonalizedMessage> out = messages();
        assertEquals(1, out.size(), "released, not dropped");
        assertEquals(eightInBerlin, out.get(0).getSendAt());
        assertEquals(lateEvening, out.get(0).getCreatedAt());
        assertEquals(DecisionOutcome.SENT, decisions().get(1).getOutcome());
        assertEquals(held.getMessageId(), decisions().get(1).getMessageId());
    }

    @Test
    void aHeldMessageIsNotSentWhenConsentIsRevokedBeforeItsRelease() throws Exception {
        start(rules(r -> r.withQuietHours(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC")))));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, at("2026-11-02T22:00:00Z"), "camera")));
        send(CustomerEvent.of(revoke(ANNA, Channel.EMAIL, at("2026-11-02T23:00:00Z"))));
        watermark(at("2026-11-03T12:00:00Z"));

        assertTrue(messages().isEmpty());
        List<Decision> audit = decisions();
        assertEquals(DecisionOutcome.DEFERRED, audit.get(0).getOutcome());
        assertEquals(DecisionOutcome.SUPPRESSED, audit.get(1).getOutcome());
        assertEquals(Suppression.NO_CONSENT.name(), audit.get(1).getSuppressedBy());
        assertTrue(feedback().isEmpty(), "nothing was sent, so learning counts no trial");
    }

    @Test
    void aHeldMessageSurvivesASnapshotAndRestoreAndIsReleasedOnce() throws Exception {
        DecisionSettings quiet =
                rules(r -> r.withQuietHours(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC"))));
        start(quiet);
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, at("2026-11-02T22:00:00Z"), "camera")));
        assertTrue(messages().isEmpty());
        var snapshot = snapshotAfterWriteBack();
        harness.close();

        harness = newHarness(quiet);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        watermark = Long.MIN_VALUE;
        watermark(at("2026-11-03T12:00:00Z"));
        assertEquals(1, messages().size(), "the held message and its timer came back");
        assertEquals(at("2026-11-03T08:00:00Z"), messages().get(0).getSendAt());
    }

    // ---- frequency caps ----

    @Test
    void capsAreExactUnderABurstOfMoments() throws Exception {
        start(rules(r -> r.withCaps(new FrequencyCaps(2, 10, 2, 6))));
        for (int i = 1; i <= 6; i++) {
            catalog(accessoryOffer("acc-" + i, 1.0, List.of(Channel.EMAIL, Channel.PUSH), "prod-" + i));
        }
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        for (int i = 1; i <= 6; i++) {
            send(CustomerEvent.of(purchase(ANNA, T0 + i * ONE_MINUTE, "prod-" + i)));
        }
        assertEquals(2, messages().size(), "two in any 24 hours, across channels");
        List<Decision> capped =
                decisions().stream().filter(d -> d.getOutcome() == DecisionOutcome.SUPPRESSED).collect(Collectors.toList());
        assertEquals(4, capped.size());
        capped.forEach(d -> assertEquals(Suppression.DAILY_CAP.name(), d.getSuppressedBy()));

        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE + ONE_DAY, "prod-1")));
        assertEquals(2, messages().size(), "the first message is 24 h old only after this minute");
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE + ONE_DAY + 1, "prod-3")));
        assertEquals(3, messages().size(), "a place in the rolling window is free again");
    }

    @Test
    void aTransactionalMessageBypassesTheCapsButNeverConsent() throws Exception {
        start(rules(r -> r.withCaps(new FrequencyCaps(1, 10, 1, 6))));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        catalog(offerFor("warranty", List.of(Channel.EMAIL), Trigger.CROSS_SELL)
                .setAccessoryFor(List.of("tv")).setTransactional(true).build());
        catalog(offerFor("manual", List.of(Channel.SMS), Trigger.CROSS_SELL)
                .setAccessoryFor(List.of("radio")).setTransactional(true).build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE, "tv")));
        send(CustomerEvent.of(purchase(ANNA, T0 + 3 * ONE_MINUTE, "radio")));

        assertEquals(List.of("offer-lens", "warranty"),
                messages().stream().map(PersonalizedMessage::getOfferId).collect(Collectors.toList()));
        assertTrue(messages().get(1).getTransactional());
        assertEquals(Suppression.NO_CONSENT.name(), decisions().get(2).getSuppressedBy());
    }

    // ---- one voice: dedup across triggers and channels ----

    @Test
    void anOfferGoesOutOnceAcrossMomentsAndChannels() throws Exception {
        start(rules(r -> r));
        catalog(OfferCatalogEntry.newBuilder(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL, Channel.SMS), "camera"))
                .setTriggers(List.of(Trigger.CROSS_SELL, Trigger.BROWSE_INTENT)).build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(consent(ANNA, Channel.SMS, T0)));
        for (int i = 1; i <= 3; i++) {
            send(CustomerEvent.of(viewOf(ANNA, "lens", "accessories", T0 + i * ONE_MINUTE)));
        }
        assertEquals(1, messages().size());
        assertEquals(Trigger.BROWSE_INTENT, messages().get(0).getTrigger());

        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_HOUR, "camera"))); // would cross-sell the lens
        assertEquals(1, messages().size(), "one voice: not again by another moment or channel");
        Decision crossSell = decisions().get(1);
        assertEquals(Trigger.CROSS_SELL, crossSell.getTrigger());
        assertEquals(Suppression.COOLDOWN.name(), crossSell.getSuppressedBy());
    }

    // ---- learned co-purchases and timely send ----

    @Test
    void aProductLearnedToBeBoughtTogetherIsOfferedAfterAPurchase() throws Exception {
        start(rules(r -> r));
        // The catalog lists no accessory for the camera; the stream learned tripods go with it.
        catalog(offerFor("offer-tripod", List.of(Channel.EMAIL), Trigger.CROSS_SELL).setProductId("tripod").build());
        harness.processBroadcastElement(
                ControlUpdate.of(new io.kairos.learn.ItemAssociations("camera", List.of("tripod"), List.of(3.0), T0)), T0);
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));

        assertEquals(1, messages().size());
        PersonalizedMessage m = messages().get(0);
        assertEquals("offer-tripod", m.getOfferId());
        assertEquals(Candidate.FROM_CO_PURCHASES, m.getTemplateVars().get("basis"));
        assertTrue(m.getReason().contains("also buy tripod"), m.getReason());
    }

    @Test
    void aCustomerInASessionGetsTheOfferInTheAppNow() throws Exception {
        start(rules(r -> r.withQuietHours(new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC")))));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL, Channel.APP), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(consent(ANNA, Channel.APP, T0)));
        long lateEvening = at("2026-11-02T22:00:00Z"); // quiet hours for email, not for the app
        var browsing = io.kairos.testing.TestEvents.click(ANNA, io.kairos.events.ClickType.PAGE_VIEW, lateEvening - ONE_MINUTE);
        browsing.setDevice("ios");
        send(CustomerEvent.of(browsing));
        send(CustomerEvent.of(purchase(ANNA, lateEvening, "camera")));

        assertEquals(1, messages().size(), "sent now, not held");
        assertEquals(Channel.APP, messages().get(0).getChannel());
        assertEquals(lateEvening, messages().get(0).getSendAt());
    }

    // ---- holdout ----

    @Test
    void theHoldoutShareIsWithinToleranceAndHeldOutCustomersGetNothing() throws Exception {
        start(rules(r -> r.withHoldout(new Holdout(Map.of(Trigger.CROSS_SELL, 0.2), 0.0))));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        int customers = 1000;
        for (int i = 0; i < customers; i++) {
            String c = "c-" + i;
            send(CustomerEvent.of(consent(c, Channel.EMAIL, T0)));
            send(CustomerEvent.of(purchase(c, T0 + ONE_MINUTE + i, "camera")));
        }
        long heldOut = decisions().stream().filter(d -> d.getOutcome() == DecisionOutcome.HOLDOUT).count();
        // Binomial(1000, 0.2): sd 12.6; 4 sd either side.
        assertTrue(heldOut >= 150 && heldOut <= 250, "held out: " + heldOut);
        assertEquals(customers - heldOut, messages().size());
        for (Decision d : decisions()) {
            if (d.getOutcome() == DecisionOutcome.HOLDOUT) {
                assertEquals("offer-lens", d.getOfferId(), "the decision is recorded with what would have gone out");
                assertNull(d.getMessageId());
            }
        }
    }

    // ---- exploration and learning ----

    @Test
    void thompsonSamplingPrefersTheOfferThatConvertsAndStillExplores() throws Exception {
        start(rules(r -> r));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        catalog(accessoryOffer("bag", 1.0, List.of(Channel.EMAIL), "camera"));
        for (io.kairos.state.ValueSegment segment : io.kairos.state.ValueSegment.values()) {
            rates("offer-lens", segment.name(), 2000, 200); // converts 10 %
            rates("offer-bag", segment.name(), 2000, 40); // converts 2 %
        }
        for (int i = 0; i < 300; i++) {
            String c = "c-" + i;
            send(CustomerEvent.of(consent(c, Channel.EMAIL, T0)));
            send(CustomerEvent.of(purchase(c, T0 + ONE_MINUTE + i, "camera")));
        }
        long lens = messages().stream().filter(m -> m.getOfferId().equals("offer-lens")).count();
        assertEquals(300, messages().size());
        assertTrue(lens >= 285, "the proven offer wins almost always: " + lens);
    }

    @Test
    void theSameInputsGiveTheSameDecisionsDrawForDraw() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            start(rules(r -> r));
            catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
            catalog(accessoryOffer("bag", 1.0, List.of(Channel.EMAIL), "camera"));
            rates("offer-lens", "*", 20, 2); // little evidence: wide posteriors, real exploration
            rates("offer-bag", "*", 20, 3);
            for (int i = 0; i < 100; i++) {
                String c = "c-" + i;
                var bought = purchase(c, T0 + ONE_MINUTE + i, "camera");
                bought.setEventId("purchase-" + i); // the ids a replay of the same recording has
                send(CustomerEvent.of(consent(c, Channel.EMAIL, T0)));
                send(CustomerEvent.of(bought));
            }
            runs.add(decisions().stream()
                    .map(d -> d.getCustomerId() + ":" + d.getOfferId() + ":" + d.getCandidates().get(0).getSampledRate())
                    .collect(Collectors.toList()));
            harness.close();
            harness = null;
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).stream().anyMatch(s -> s.contains(":offer-lens:"))
                        && runs.get(0).stream().anyMatch(s -> s.contains(":offer-bag:")),
                "both offers are tried: the test would not notice a sampler that ignores its seed otherwise");
    }

    @Test
    void aPurchaseOfTheOfferedProductConvertsTheOfferAndSuppressesItForAWhile() throws Exception {
        start(rules(r -> r));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera", "camera-2"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals(1, messages().size());
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_DAY, "lens"))); // within the 7-day window

        List<OfferFeedback> loop = feedback();
        assertEquals(List.of(FeedbackType.SENT, FeedbackType.CONVERTED),
                loop.stream().map(OfferFeedback::getType).collect(Collectors.toList()));
        assertEquals("offer-lens", loop.get(1).getOfferId());
        assertEquals(loop.get(0).getSegment(), loop.get(1).getSegment(), "counted in the segment it was sent to");
    }

    @Test
    void aReportedConversionSuppressesTheOfferBeyondItsCooldown() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("warranty", List.of(Channel.EMAIL), Trigger.CROSS_SELL)
                .setAccessoryFor(List.of("camera", "camera-2")).build()); // a service: no product to own
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        PersonalizedMessage m = messages().get(0);
        send(CustomerEvent.of(response(ANNA, m.getMessageId(), "warranty", Channel.EMAIL, OfferResponseType.CONVERTED, T0 + ONE_HOUR)));
        assertEquals(FeedbackType.CONVERTED, feedback().get(1).getType());

        send(CustomerEvent.of(purchase(ANNA, T0 + 10 * ONE_DAY, "camera-2"))); // the 7-day cooldown is over
        assertEquals(1, messages().size());
        assertEquals(Suppression.AFTER_CONVERSION.name(), decisions().get(1).getSuppressedBy());
    }

    @Test
    void aConvertedCartReminderDoesNotStopTheNextCartsReminder() throws Exception {
        start(rules(r -> r));
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(io.kairos.testing.TestEvents.addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        watermark(T0 + ONE_HOUR);
        PersonalizedMessage first = messages().get(0);
        send(CustomerEvent.of(response(ANNA, first.getMessageId(), first.getOfferId(), Channel.PUSH,
                OfferResponseType.CONVERTED, T0 + 2 * ONE_HOUR)));

        send(CustomerEvent.of(io.kairos.testing.TestEvents.addToCart(ANNA, "hat", 20.0, T0 + 8 * ONE_DAY)));
        watermark(T0 + 9 * ONE_DAY);
        assertEquals(2, messages().size(), "every cart is a moment of its own");
    }

    @Test
    void repeatedDismissalsSuppressTheOffer() throws Exception {
        start(rules(r -> r));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera", "camera-2", "camera-3"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        String[] cameras = {"camera", "camera-2", "camera-3"};
        for (int i = 0; i < 2; i++) {
            long t = T0 + ONE_MINUTE + i * 8 * ONE_DAY;
            send(CustomerEvent.of(purchase(ANNA, t, cameras[i])));
            PersonalizedMessage m = messages().get(i);
            send(CustomerEvent.of(response(ANNA, m.getMessageId(), m.getOfferId(), Channel.EMAIL, OfferResponseType.DISMISSED, t + ONE_HOUR)));
        }
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE + 16 * ONE_DAY, "camera-3")));
        assertEquals(2, messages().size());
        Decision last = decisions().get(decisions().size() - 1);
        assertEquals(Suppression.AFTER_DISMISSALS.name(), last.getSuppressedBy());
    }

    // ---- the catalog: versions ----

    @Test
    void everyDecisionCarriesTheCatalogVersionAndTheNextOneUsesTheNewVersion() throws Exception {
        start(rules(r -> r));
        OfferCatalogEntry lens = accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera", "camera-2");
        catalog(lens);
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        catalog(OfferCatalogEntry.newBuilder(lens).setTitle("Now 20 % off: a lens").setCooldownMs(0L).build());
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE, "camera-2")));

        assertEquals(List.of(1L, 2L), decisions().stream().map(Decision::getCatalogVersion).collect(Collectors.toList()));
        assertEquals(2L, messages().get(1).getCatalogVersion());
        assertEquals("Now 20 % off: a lens", messages().get(1).getTitle());
    }

    @Test
    void anIneligibleOfferIsAuditedWithTheReason() throws Exception {
        start(rules(r -> r));
        catalog(OfferCatalogEntry.newBuilder(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"))
                .setSegments(List.of("TOP")).build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertTrue(messages().isEmpty());
        Decision d = decisions().get(0);
        assertEquals(DecisionOutcome.NO_CANDIDATE, d.getOutcome());
        assertTrue(d.getCandidates().get(0).getIneligibleBecause().contains("TOP"), d.toString());
    }

    // ---- the moments ----

    @Test
    void birthdayGreetingAtNineInTheCustomersZone() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("bday", List.of(Channel.EMAIL), Trigger.BIRTHDAY).build());
        send(CustomerEvent.of(timeZone(ANNA, "America/New_York", T0)));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(birthday(ANNA, "--11-05", T0)));
        long nineInNewYork = at("2026-11-05T14:00:00Z");
        watermark(nineInNewYork - 1);
        assertTrue(messages().isEmpty());
        watermark(nineInNewYork);
        assertEquals(1, messages().size());
        assertEquals(Trigger.BIRTHDAY, messages().get(0).getTrigger());
        assertEquals(nineInNewYork, messages().get(0).getCreatedAt());
        watermark(at("2027-11-05T15:00:00Z"));
        assertEquals(2, messages().size(), "and again next year");
    }

    @Test
    void winBackOnChurnRiskWithAnIncentiveScaledToTheCustomer() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("come-back", List.of(Channel.EMAIL), Trigger.WIN_BACK).setValue(20.0).build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        long last = 0;
        for (int week = 0; week < 8; week++) {
            last = T0 + week * 7 * ONE_DAY;
            send(CustomerEvent.of(purchaseWorth(ANNA, last, 30)));
        }
        watermark(last + 30 * ONE_DAY); // silence
        List<PersonalizedMessage> out = messages();
        assertEquals(1, out.size(), out::toString);
        assertEquals(Trigger.WIN_BACK, out.get(0).getTrigger());
        assertTrue(out.get(0).getTemplateVars().containsKey("incentive"));
    }

    @Test
    void vipThankYouOnAnUpgradeToTheTopSegment() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("thanks", List.of(Channel.EMAIL), Trigger.VIP_THANK_YOU).build());
        Duration halfLife = CustomerModelSettings.defaults().valueHalfLife;
        PyramidThresholds t = new PyramidThresholds();
        t.validFrom = T0;
        t.activeCustomers = 1000;
        t.topMin = ValueScore.addPurchase(0, false, 1000, T0, halfLife);
        t.highMin = ValueScore.addPurchase(0, false, 500, T0, halfLife);
        t.middleMin = ValueScore.addPurchase(0, false, 100, T0, halfLife);
        harness.processBroadcastElement(ControlUpdate.of(t), T0);
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + ONE_HOUR, 50)));
        assertTrue(messages().isEmpty());
        send(CustomerEvent.of(purchaseWorth(ANNA, T0 + 2 * ONE_HOUR, 2000)));
        assertEquals(1, messages().size());
        assertEquals(Trigger.VIP_THANK_YOU, messages().get(0).getTrigger());
    }

    @Test
    void replenishmentReminderBeforeTheConsumableRunsOut() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("coffee-again", List.of(Channel.EMAIL), Trigger.REPLENISHMENT)
                .setProductId("coffee").setRepurchaseDays(30).build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0, "coffee")));
        long due = T0 + 27 * ONE_DAY; // 30 days, reminded 3 days ahead
        watermark(due - 1);
        assertTrue(messages().isEmpty());
        watermark(due + ONE_DAY);
        assertEquals(1, messages().size());
        assertEquals(Trigger.REPLENISHMENT, messages().get(0).getTrigger());
        assertEquals(due, messages().get(0).getCreatedAt());
    }

    @Test
    void browseIntentAfterRepeatedViewsWithoutAPurchase() throws Exception {
        start(rules(r -> r));
        catalog(offerFor("tv-deal", List.of(Channel.EMAIL), Trigger.BROWSE_INTENT).setProductId("tv").build());
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(viewOf(ANNA, "tv", "video", T0 + ONE_MINUTE)));
        send(CustomerEvent.of(viewOf(ANNA, "tv", "video", T0 + 2 * ONE_MINUTE)));
        assertTrue(messages().isEmpty());
        send(CustomerEvent.of(viewOf(ANNA, "tv", "video", T0 + 3 * ONE_MINUTE)));
        assertEquals(1, messages().size());
        assertEquals(Trigger.BROWSE_INTENT, messages().get(0).getTrigger());
    }

    /** A checkpoint as the job takes one: the cached customer records written back before the barrier. */
    private OperatorSubtaskState snapshotAfterWriteBack() throws Exception {
        harness.prepareSnapshotPreBarrier(1L);
        return harness.snapshot(1L, T0);
    }
}
