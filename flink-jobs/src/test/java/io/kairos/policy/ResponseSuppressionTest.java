package io.kairos.policy;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.state.CustomerState;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class ResponseSuppressionTest {
    private static final Optional<ContactPolicy.Suppression> CONVERTED =
            Optional.of(ContactPolicy.Suppression.AFTER_CONVERSION);
    private static final Optional<ContactPolicy.Suppression> DISMISSED =
            Optional.of(ContactPolicy.Suppression.AFTER_DISMISSALS);

    /** 30 d after a conversion; 3 dismissals of an offer or 5 of any within 7 d: 14 d. */
    private static final ResponseSuppression RULES =
            new ResponseSuppression(
                    Duration.ofDays(30), 3, 5, Duration.ofDays(7), Duration.ofDays(14));

    private static CustomerState customer() {
        return CustomerProfile.newCustomer(T0 - 60 * ONE_DAY);
    }

    @Test
    void aConvertedOfferRestsForItsPeriod() {
        CustomerState s = customer();
        RULES.onConverted(s, "o1", T0);
        assertEquals(CONVERTED, RULES.check(s, "o1", false, T0 + ONE_DAY));
        assertEquals(CONVERTED, RULES.check(s, "o1", true, T0 + ONE_DAY));
        assertEquals(Optional.empty(), RULES.check(s, "o2", false, T0 + ONE_DAY));
        assertEquals(CONVERTED, RULES.check(s, "o1", false, T0 + 30 * ONE_DAY - 1));
        assertEquals(Optional.empty(), RULES.check(s, "o1", false, T0 + 30 * ONE_DAY));
        assertTrue(s.getSuppressedUntil().containsKey("conv:o1"));
    }

    @Test
    void repeatedDismissalsOfAnOfferSuppressIt() {
        CustomerState s = customer();
        RULES.onDismissed(s, "o1", T0);
        RULES.onDismissed(s, "o1", T0 + ONE_DAY);
        assertEquals(Optional.empty(), RULES.check(s, "o1", false, T0 + ONE_DAY));
        assertEquals(2, s.getDismissals().get("o1"));
        RULES.onDismissed(s, "o1", T0 + 2 * ONE_DAY);
        assertEquals(DISMISSED, RULES.check(s, "o1", false, T0 + 2 * ONE_DAY));
        assertEquals(DISMISSED, RULES.check(s, "o1", true, T0 + 2 * ONE_DAY));
        assertEquals(Optional.empty(), RULES.check(s, "o2", false, T0 + 2 * ONE_DAY));
        assertEquals(Optional.empty(), RULES.check(s, "o1", false, T0 + 16 * ONE_DAY));
        assertFalse(s.getDismissals().containsKey("o1"), "counting starts again");
    }

    @Test
    void aConversionResetsTheDismissalCount() {
        CustomerState s = customer();
        RULES.onDismissed(s, "o1", T0);
        RULES.onDismissed(s, "o1", T0 + ONE_HOUR);
        RULES.onConverted(s, "o1", T0 + 2 * ONE_HOUR);
        RULES.onDismissed(s, "o1", T0 + 40 * ONE_DAY);
        assertEquals(Optional.empty(), RULES.check(s, "o1", false, T0 + 40 * ONE_DAY));
    }

    @Test
    void dismissingManyOffersSuppressesEveryPromotionButNotServiceMessages() {
        CustomerState s = customer();
        List<String> offers = List.of("a", "b", "c", "d", "e");
        for (int i = 0; i < offers.size(); i++) {
            RULES.onDismissed(s, offers.get(i), T0 + i * ONE_DAY);
        }
        long after = T0 + 5 * ONE_DAY;
        assertEquals(DISMISSED, RULES.check(s, "f", false, after));
        assertEquals(Optional.empty(), RULES.check(s, "f", true, after), "transactional");
        assertEquals(Optional.empty(), RULES.check(s, "f", false, T0 + 4 * ONE_DAY + 14 * ONE_DAY));
        assertTrue(s.getRecentDismissals().isEmpty(), "the next blanket takes 5 new dismissals");
    }

    @Test
    void transactionalMessagesStillNeedConsent() {
        // transactional bypasses the blanket suppression here; consent is SendTiming's: no
        // channel with consent, no choice, whatever the message
        CustomerState s = customer();
        for (int i = 0; i < 5; i++) {
            RULES.onDismissed(s, "x" + i, T0 + i * ONE_HOUR);
        }
        assertEquals(Optional.empty(), RULES.check(s, "service", true, T0 + ONE_DAY));
        SendTiming timing = new SendTiming(Duration.ofMinutes(30), 3, Duration.ofDays(30));
        assertEquals(
                Optional.empty(), timing.choose(s, List.of(Channel.EMAIL), true, T0 + ONE_DAY));
    }

    @Test
    void dismissalsSpreadBeyondTheWindowDoNotAddUp() {
        CustomerState s = customer();
        for (int i = 0; i < 10; i++) {
            RULES.onDismissed(s, "o" + i, T0 + i * 2 * ONE_DAY); // 3-4 per 7 days
        }
        assertEquals(Optional.empty(), RULES.check(s, "z", false, T0 + 19 * ONE_DAY));
        assertTrue(s.getRecentDismissals().size() <= 5);
    }

    @Test
    void lateDismissalsAreKeptInOrder() {
        CustomerState s = customer();
        RULES.onDismissed(s, "a", T0 + 3 * ONE_HOUR);
        RULES.onDismissed(s, "b", T0 + ONE_HOUR);
        RULES.onDismissed(s, "c", T0 + 2 * ONE_HOUR);
        assertEquals(
                List.of(T0 + ONE_HOUR, T0 + 2 * ONE_HOUR, T0 + 3 * ONE_HOUR),
                List.copyOf(s.getRecentDismissals()));
    }

    @Test
    void pruneDropsWhatHasEnded() {
        CustomerState s = customer();
        RULES.onConverted(s, "o1", T0);
        RULES.onDismissed(s, "o2", T0);
        RULES.onConverted(s, "o3", T0 + 20 * ONE_DAY);
        assertEquals(T0 + 30 * ONE_DAY, ResponseSuppression.nextExpiry(s));
        RULES.prune(s, T0 + 30 * ONE_DAY);
        assertEquals(List.of("conv:o3"), List.copyOf(s.getSuppressedUntil().keySet()));
        assertTrue(s.getRecentDismissals().isEmpty());
    }

    @Test
    void countedOffersAreBounded() {
        CustomerState s = customer();
        for (int i = 0; i < 40; i++) {
            RULES.onDismissed(s, "o" + i, T0 + i * ONE_DAY); // a week apart in fives: no blanket
        }
        assertEquals(ResponseSuppression.MAX_COUNTED_OFFERS, s.getDismissals().size());
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new ResponseSuppression(
                                        Duration.ofDays(-1),
                                        3,
                                        5,
                                        Duration.ofDays(7),
                                        Duration.ZERO));
        assertTrue(e.getMessage().contains("after a conversion"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new ResponseSuppression(
                                        Duration.ZERO, 0, 5, Duration.ofDays(7), Duration.ZERO));
        assertTrue(e.getMessage().contains("dismissals per offer"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new ResponseSuppression(
                                        Duration.ZERO, 3, 5, Duration.ZERO, Duration.ZERO));
        assertTrue(e.getMessage().contains("dismissal window"), e.getMessage());
    }
}
