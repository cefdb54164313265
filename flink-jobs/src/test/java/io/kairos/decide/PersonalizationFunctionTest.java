package io.kairos.decide;

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
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PersonalizationFunctionTest {
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
        return newHarness(Duration.ZERO);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CustomerEvent, ControlUpdate, RedisUpdate>
            newHarness(Duration catalogStartupWait) throws Exception {
        PersonalizationSettings settings =
                new PersonalizationSettings(
                        CART_DELAY,
                        Duration.ofDays(7),
                        Duration.ofDays(3),
                        List.of(Channel.PUSH, Channel.EMAIL),
                        catalogStartupWait,
                        CustomerModelSettings.defaults());
        // Built by hand rather than with ProcessFunctionTestHarnesses, which opens the harness
        // at once: a restore test must initialize state before open.
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PersonalizationFunction(settings),
                        PersonalizationFunction.BROADCAST_STATES),
                e -> e.customerId,
                Types.STRING,
                128,
                1,
                0);
    }

    /** The highest watermark sent to the current harness; watermarks never go back. */
    private long watermark = Long.MIN_VALUE;

    /**
     * Sends an event and lets event time reach it, as the job's watermark would right after it:
     * events wait for the watermark and are decided in event-time order.
     */
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
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = newHarness();
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        watermark(T0 + ONE_DAY);
        assertEquals(1, messages().size());
        assertEquals(Trigger.CART_ABANDONMENT, messages().get(0).getTrigger());
    }

    // ---- event-time order ----

    @Test
    void eventsFromDifferentTopicsAreDecidedInEventTimeOrder() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        // Read side by side, the purchase topic got ahead of the customer-updates topic.
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        assertTrue(messages().isEmpty(), "both wait for the watermark");

        watermark(T0 + ONE_MINUTE);
        assertEquals(1, messages().size(), "the consent came first in event time");
    }

    @Test
    void anEventBehindTheWatermarkIsDecidedAtOnce() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        watermark(T0 + 60 * ONE_MINUTE);
        sendEarly(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        sendEarly(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals(1, messages().size(), "late events are not dropped, and not held back");
    }

    @Test
    void movingTheCartTimerKeepsAnEventWaitingForTheSameInstant() throws Exception {
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        long reminderDue = T0 + ONE_MINUTE + CART_DELAY.toMillis();
        // A purchase waits for exactly the instant the reminder is due ...
        sendEarly(CustomerEvent.of(purchase(ANNA, reminderDue, "camera")));
        // ... and a later cart change moves the reminder away from that instant.
        send(CustomerEvent.of(addToCart(ANNA, "socks", 5.0, reminderDue - 1)));

        watermark(reminderDue);
        assertEquals(1, messages().size(), "the purchase was still decided");
        assertEquals(io.kairos.events.Trigger.CROSS_SELL, messages().get(0).getTrigger());
    }

    // ---- start-up: events wait for the catalog ----

    @Test
    void eventsBeforeTheCatalogAreHeldAndDecidedOnceItHasLoaded() throws Exception {
        harness.close();
        harness = newHarness(Duration.ofSeconds(10));
        harness.open();
        harness.setProcessingTime(1_000);

        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        harness.setProcessingTime(1_100);
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        harness.setProcessingTime(1_400);
        assertTrue(messages().isEmpty(), "the catalog may still be arriving");

        harness.setProcessingTime(1_800); // quiet for 500 ms: loaded
        assertEquals(1, messages().size(), "the held purchase was decided against the catalog");
        assertEquals("offer-lens", messages().get(0).getOfferId());
    }

    @Test
    void heldEventsAreDecidedInEventTimeOrderWhateverTheirArrivalOrder() throws Exception {
        harness.close();
        harness = newHarness(Duration.ofSeconds(10));
        harness.open();
        harness.setProcessingTime(1_000);

        // A replay reads topics side by side: the purchase may arrive before the earlier consent.
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0)));
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        harness.setProcessingTime(1_600);

        assertEquals(1, messages().size(), "the consent came first in event time");
    }

    @Test
    void heldEventsGoFirstWhenTheCatalogLoadsBeforeTheirPollTimerFires() throws Exception {
        harness.close();
        harness = newHarness(Duration.ofSeconds(10));
        harness.open();
        harness.setProcessingTime(1_000);

        send(CustomerEvent.of(consent(ANNA, Channel.EMAIL, T0))); // held: no catalog yet
        harness.setProcessingTime(1_150);
        catalog(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        harness.setProcessingTime(1_600); // polls so far found the catalog not yet quiet
        harness.setProcessingTime(1_700); // the next poll is at 1 800
        assertTrue(messages().isEmpty());

        // Quiet since 1 150 + 500: the purchase finds the catalog loaded while Anna's consent
        // still waits for its next poll (1 800). It must be decided after the consent.
        send(CustomerEvent.of(purchase(ANNA, T0 + ONE_MINUTE, "camera")));
        assertEquals(1, messages().size(), "the held consent was applied first");
    }

    @Test
    void anEmptyCatalogHoldsEventsNoLongerThanTheStartupWait() throws Exception {
        harness.close();
        harness = newHarness(Duration.ofSeconds(10));
        harness.open();
        harness.setProcessingTime(1_000);

        send(CustomerEvent.of(consent(ANNA, Channel.PUSH, T0)));
        send(CustomerEvent.of(addToCart(ANNA, "shoes", 80.0, T0 + ONE_MINUTE)));
        watermark(T0 + ONE_DAY);
        assertTrue(messages().isEmpty(), "held: no cart yet, so no reminder");

        harness.setProcessingTime(11_000);
        watermark(T0 + 2 * ONE_DAY);
        assertEquals(1, messages().size(), "released after the wait; the reminder follows");
    }
}
