package io.kairos.decide;

import io.kairos.catalog.CatalogSnapshot;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.accessoryOffer;
import static io.kairos.testing.TestEvents.addToCart;
import static io.kairos.testing.TestEvents.click;
import static io.kairos.testing.TestEvents.consent;
import static io.kairos.testing.TestEvents.forgetMe;
import static io.kairos.testing.TestEvents.purchase;
import static io.kairos.testing.TestEvents.registration;
import static io.kairos.testing.TestEvents.removeFromCart;
import static io.kairos.testing.TestEvents.revoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.Channel;
import io.kairos.events.ClickType;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.moments.CartAbandonment;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PersonalizationFunctionTest {
    /** One record: a second customer's turn evicts the first, so write-back runs in every test. */
    private static final CustomerCacheSettings TINY_CUSTOMER_CACHE = new CustomerCacheSettings(1, Duration.ofHours(1));
    private static final String ANNA = "c-anna";
    private static final String BOB = "c-bob";
    private static final Duration CART_DELAY = Duration.ofMinutes(30);

    private KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate>
            newHarness() throws Exception {
        return newHarness(CatalogSnapshot.empty());
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate>
            newHarness(CatalogSnapshot catalogAtSubmission) throws Exception {
        PersonalizationSettings settings =
                new PersonalizationSettings(
                        CART_DELAY,
                        Duration.ofDays(7),
                        Duration.ofDays(3),
                        List.of(Channel.PUSH, Channel.EMAIL),
                        CustomerModelSettings.defaults())
                        .withBootstrapCatalog(catalogAtSubmission);
        // Built by hand rather than with ProcessFunctionTestHarnesses, which opens the harness
        // at once: a restore test must initialize state before open.
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

    /** The highest watermark sent to the current harness; watermarks never go back. */
    private long watermark = Long.MIN_VALUE;

    /** Sends an event and lets event time reach it, as the job's watermark would soon after. */
    private void send(CustomerEvent e) throws Exception {
        harness.processElement(e, e.eventTime);
        watermark(e.eventTime);
    }

    /** Sends an event without moving event time. */
    private void sendEarly(CustomerEvent e) throws Exception {
        harness.processElement(e, e.eventTime);
    }

    private void watermark(long time) throws Exception {
        if (time > watermark) {
            watermark = time;
            harness.watermark(time);
        }
    }

    private void catalog(io.kairos.events.OfferCatalogEntry entry) throws Exception {
        harness.processBroadcastElement(ControlUpdate.of(CatalogUpdate.upsert(entry)), T0);
    }

    /** The messages among what the operator sent to Redis (profiles are tested elsewhere). */
    private List<PersonalizedMessage> messages() {
        return harness.extractOutputValues().stream()
                .filter(u -> u.message != null)
                .map(u -> u.message)
                .collect(java.util.stream.Collectors.toList());
    }

    // ---- cross-sell ----

    @Test
    void purchaseOfAProductWithAccessoriesOffersTheBestOneNotOwned() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        catalog(accessoryOffer("bag", 2.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(registration(ANNA, "Anna", T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "bag"))); // already owns a bag
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE, "camera")));

        List<PersonalizedMessage> out = messages();
        assertEquals(1, out.size());
        PersonalizedMessage m = out.get(0);
        assertEquals(Trigger.CROSS_SELL, m.getTrigger());
        assertEquals("offer-lens", m.getOfferId());
        assertEquals(Channel.EMAIL, m.getChannel());
        assertEquals(ANNA, m.getCustomerId());
        assertEquals("Anna", m.getTemplateVars().get("firstName"));
        assertEquals("camera", m.getTemplateVars().get("purchasedProductId"));
        assertEquals(T0 + 2 * ONE_MINUTE + Duration.ofDays(3).toMillis(), m.getExpiresAt());
    }

    @Test
    void noConsentForAnyOfTheOffersChannelsMeansNoMessage() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.SMS), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        send(CustomerEvent.of(purchase(BOB, T0 + ONE_MINUTE, "camera"))); // Bob never consented
        assertTrue(messages().isEmpty());
    }

    @Test
    void revokedConsentIsHonoured() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(revoke(ANNA, Channel.EMAIL, T0 + 1)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertTrue(messages().isEmpty());
    }

    @Test
    void theSameOfferIsNotSentAgainWithinTheCooldown() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera", "camera-2"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_DAY, "camera-2")));
        assertEquals(1, messages().size());
        send(CustomerEvent.of(purchase(ANNA, T0 + 8 * ONE_DAY, "camera")));
        assertEquals(2, messages().size(), "after the 7 day cooldown the offer may come again");
    }

    @Test
    void messageIdsAreDeterministicAcrossRuns() throws Exception {
        var offer = accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera");
        var consent = CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0));
        var purchase = CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera"));
        catalog(offer);
        send(consent);
        send(purchase);
        String first = messages().get(0).getMessageId();

        try (var second = newHarness()) {
            second.open();
            second.processBroadcastElement(ControlUpdate.of(CatalogUpdate.upsert(offer)), T0);
            second.processElement(consent, consent.eventTime);
            second.processElement(purchase, purchase.eventTime);
            second.watermark(purchase.eventTime);
            assertEquals(
                    first,
                    second.extractOutputValues().stream()
                            .filter(u -> u.message != null)
                            .findFirst()
                            .orElseThrow()
                            .message
                            .getMessageId());
        }
    }

    @Test
    void withdrawnOffersAreNotMade() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        harness.processBroadcastElement(ControlUpdate.of(CatalogUpdate.withdraw("offer-lens")), T0);
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertTrue(messages().isEmpty());
    }

    // ---- cart abandonment ----

    @Test
    void cartLeftWithoutCheckoutGetsOneReminderAfterTheDelay() throws Exception {
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(addToCart(ANNA, "socks", 5.0, T0 + 2 * ONE_MINUTE)));

        watermark(T0 + 2 * ONE_MINUTE + CART_DELAY.toMillis() - 1);
        assertTrue(messages().isEmpty(), "not due yet: the delay runs from the last cart change");

        watermark(T0 + 2 * ONE_MINUTE + CART_DELAY.toMillis());
        List<PersonalizedMessage> out = messages();
        assertEquals(1, out.size());
        PersonalizedMessage m = out.get(0);
        assertEquals(Trigger.CART_ABANDONMENT, m.getTrigger());
        assertEquals(CartAbandonment.OFFER_ID, m.getOfferId());
        assertEquals(Channel.EMAIL, m.getChannel(), "PUSH is preferred but not consented");
        assertEquals("shoes,socks", m.getTemplateVars().get("items"));
        assertEquals("85.00", m.getTemplateVars().get("cartValue"));

        watermark(T0 + 10 * ONE_DAY);
        assertEquals(1, messages().size(), "one reminder, not one per watermark");
    }

    @Test
    void checkoutOrPurchaseOrEmptyCartCancelsTheReminder() throws Exception {
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(consent(BOB, Channel.PUSH, T0)));
        String carol = "c-carol";
        send(CustomerEvent.of(consent(carol, Channel.PUSH, T0)));

        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(click(ANNA, ClickType.CHECKOUT_START, T0 + 2 * ONE_MINUTE)));

        send(CustomerEvent.of(addToCart(BOB, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(purchase(BOB, T0 + 2 * ONE_MINUTE, "shoes")));

        send(CustomerEvent.of(addToCart(carol, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(removeFromCart(carol, "shoes", T0 + 2 * ONE_MINUTE)));

        watermark(T0 + ONE_DAY);
        assertTrue(messages().isEmpty());
    }

    @Test
    void partialPurchaseKeepsTheReminderForWhatIsLeft() throws Exception {
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(addToCart(ANNA, "hat", 20.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE, "shoes")));
        watermark(T0 + ONE_DAY);
        List<PersonalizedMessage> out = messages();
        assertEquals(1, out.size());
        assertEquals("hat", out.get(0).getTemplateVars().get("items"));
        assertEquals(Channel.PUSH, out.get(0).getChannel());
    }

    @Test
    void reminderWithoutConsentIsSuppressed() throws Exception {
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        watermark(T0 + ONE_DAY);
        assertTrue(messages().isEmpty());
    }

    @Test
    void forgetMeClearsStateAndThePendingReminder() throws Exception {
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        send(CustomerEvent.of(forgetMe(ANNA, T0 + 2 * ONE_MINUTE)));
        watermark(T0 + ONE_DAY);
        assertTrue(messages().isEmpty());

        // A new registration after being forgotten starts from nothing: no old consent survives.
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + 2 * ONE_DAY)));
        watermark(T0 + 3 * ONE_DAY);
        assertTrue(messages().isEmpty());
    }

    @Test
    void pendingReminderSurvivesASnapshotAndRestore() throws Exception {
        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        OperatorSubtaskState snapshot = snapshotAfterWriteBack();
        harness.close();

        harness = newHarness();
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        watermark(T0 + ONE_DAY);
        assertEquals(1, messages().size());
        assertEquals(Trigger.CART_ABANDONMENT, messages().get(0).getTrigger());
    }

    // ---- one message per moment ----

    @Test
    void aDuplicatedEventAnswersItsMomentOnce() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        CustomerEvent purchase = CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera"));
        send(purchase);
        send(purchase); // a producer's retry: the same event twice in the log
        assertEquals(1, messages().size());
        assertEquals(1, harness.getSideOutput(PersonalizationFunction.FEEDBACK).size(), "one SENT fed back");
    }

    @Test
    void theMessageIdIsTheMomentsNotTheOffersChosen() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        var consent = CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0));
        var purchase = CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera"));
        send(consent);
        send(purchase);
        PersonalizedMessage first = messages().get(0);
        try (var other = newHarness()) { // as after a restore, when another offer won
            other.open();
            other.processBroadcastElement(
                    ControlUpdate.of(CatalogUpdate.upsert(accessoryOffer("bag", 9.0, List.of(Channel.EMAIL), "camera"))), T0);
            other.processElement(consent, consent.eventTime);
            other.processElement(purchase, purchase.eventTime);
            PersonalizedMessage second = other.extractOutputValues().stream()
                    .filter(u -> u.message != null).map(u -> u.message).findFirst().orElseThrow();
            assertEquals("offer-bag", second.getOfferId());
            assertEquals(first.getMessageId(), second.getMessageId(), "Redis keeps the first: one message per moment");
        }
    }

    @Test
    void aRevokedConsentWithdrawsThatChannelsMessagesFromRedis() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        send(CustomerEvent.of(io.kairos.testing.TestEvents.revoke(ANNA, Channel.EMAIL, T0 + 2 * ONE_MINUTE)));
        var withdrawals = harness.extractOutputValues().stream().filter(u -> u.withdraw != null).toList();
        assertEquals(1, withdrawals.size());
        assertEquals(Channel.EMAIL, withdrawals.get(0).withdraw.channel);
        assertEquals(ANNA, withdrawals.get(0).customerId());
    }

    @Test
    void aMessageCarriesTheProduceTimeOfItsCauseForTheLatencyMetric() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        CustomerEvent purchase = CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera"));
        purchase.producedAt = 1_234_567L;
        send(purchase);
        var message = harness.extractOutputValues().stream().filter(u -> u.message != null).findFirst().orElseThrow();
        assertEquals(1_234_567L, message.causeProducedAt);
    }

    // ---- decided on arrival, in the order of the customer's log ----

    @Test
    void eachEventIsDecidedAsItArrivesWithoutWaitingForTheWatermark() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals(1, messages().size(), "no watermark needed: decided on arrival");
    }

    @Test
    void theLogOrderIsTheDecisionOrder() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        // The consent comes after the purchase in the customer's log: it does not count for it.
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0 + 2 * ONE_MINUTE)));
        assertTrue(messages().isEmpty());
    }

    @Test
    void aLateEventUpdatesStateButDecidesNothing() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0 + 10 * ONE_MINUTE)));
        // Older than what Anna already had decided: the past is not decided again ...
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertTrue(messages().isEmpty(), "no cross-sell for a purchase behind the decided time");
        // ... but what she did counts: she owns the lens now.
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + 2 * ONE_MINUTE, "lens")));
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + 30 * ONE_MINUTE, "camera")));
        assertTrue(messages().isEmpty(), "the lens is hers already");
        sendEarly(CustomerEvent.of(purchase(BOB, T0 + 30 * ONE_MINUTE, "camera")));
        sendEarly(CustomerEvent.of(consent(BOB, Channel.EMAIL, T0 + 31 * ONE_MINUTE)));
        sendEarly(CustomerEvent.of(purchase(BOB, T0 + 32 * ONE_MINUTE, "camera")));
        assertEquals(1, messages().size(), "in order, the same purchase is decided");
    }

    @Test
    void dueWorkRunsInLineBeforeALaterEventAsOfItsDueTime() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        sendEarly(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        long reminderDue = T0 + ONE_MINUTE + CART_DELAY.toMillis();
        // No watermark at all: the purchase after the due time runs the reminder first.
        sendEarly(CustomerEvent.of(purchase(ANNA, reminderDue + 1, "camera")));
        List<PersonalizedMessage> sent = messages();
        assertEquals(2, sent.size(), sent.toString());
        assertEquals(Trigger.CART_ABANDONMENT, sent.get(0).getTrigger());
        assertEquals(reminderDue, sent.get(0).getCreatedAt(), "as of its due time");
        assertEquals(Trigger.CROSS_SELL, sent.get(1).getTrigger());

        watermark(reminderDue + ONE_DAY);
        assertEquals(2, messages().size(), "the timer finds the work done");
    }

    @Test
    void dueWorkAtTheEventsOwnInstantRunsAfterIt() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        sendEarly(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        long reminderDue = T0 + ONE_MINUTE + CART_DELAY.toMillis();
        // A checkout at the very instant the reminder is due comes first: no reminder.
        sendEarly(CustomerEvent.of(click(ANNA, io.kairos.events.ClickType.CHECKOUT_START, reminderDue)));
        watermark(reminderDue + ONE_DAY);
        assertTrue(messages().isEmpty());
    }

    // ---- start-up: the catalog read to its end at submission ----

    @Test
    void theCatalogReadAtSubmissionDecidesTheFirstEvents() throws Exception {
        harness.close();
        var lens = accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera");
        harness = newHarness(new CatalogSnapshot(List.of(lens), 3));
        harness.open();
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals(1, messages().size(), "no broadcast has arrived yet");
        assertEquals("offer-lens", messages().get(0).getOfferId());
        assertEquals(3, messages().get(0).getCatalogVersion());
    }

    @Test
    void theLiveCatalogTakesOverOnceItHasCaughtUpWithTheOneReadAtSubmission() throws Exception {
        harness.close();
        var lens = accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera");
        harness = newHarness(new CatalogSnapshot(List.of(lens), 2));
        harness.open();
        // The live stream replays the topic from the start: version 1 is older than what we have.
        harness.processBroadcastElement(
                ControlUpdate.of(CatalogUpdate.upsert(accessoryOffer("bag", 1.0, List.of(Channel.EMAIL), "camera")).withVersion(1)), T0);
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals("offer-lens", messages().get(0).getOfferId(), "the older live catalog does not replace it");

        harness.processBroadcastElement(ControlUpdate.of(CatalogUpdate.upsert(lens).withVersion(2)), T0);
        harness.processBroadcastElement(
                ControlUpdate.of(CatalogUpdate.withdraw("offer-lens").withVersion(3)), T0);
        sendEarly(CustomerEvent.of(consent(BOB, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(purchase(BOB, T0 + ONE_MINUTE, "camera")));
        assertEquals(2, messages().size());
        assertEquals("offer-bag", messages().get(1).getOfferId(), "the live catalog, version 3, without the lens");
        assertEquals(3, messages().get(1).getCatalogVersion());
    }

    /** A checkpoint as the job takes one: the cached customer records written back before the barrier. */
    private OperatorSubtaskState snapshotAfterWriteBack() throws Exception {
        harness.prepareSnapshotPreBarrier(1L);
        return harness.snapshot(1L, T0);
    }
}
