package io.kairos.moments;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

class ReplenishmentTest {
    /** Remind 3 days before; coffee lasts 30 days, filters 90, the grinder is no consumable. */
    private static final Replenishment REPLENISH = new Replenishment(Duration.ofDays(3), 3);

    private static final Function<String, Integer> CATALOG =
            p -> Map.of("coffee", 30, "filters", 90, "tea", 20, "soap", 40).get(p);
    private static final Function<String, Long> NEVER = p -> null;

    private static CustomerState customer() {
        return CustomerProfile.newCustomer(T0 - 100 * ONE_DAY);
    }

    @Test
    void theCatalogsIntervalForAFirstPurchase() {
        CustomerState s = customer();
        REPLENISH.onPurchase(s, TestEvents.purchase("c1", T0, "coffee", "grinder"), CATALOG, NEVER);
        assertEquals(Map.of("coffee", T0 + 27 * ONE_DAY), s.getReplenishDue());
        assertEquals(T0 + 27 * ONE_DAY, REPLENISH.nextDueAt(s));
        assertEquals(List.of(), REPLENISH.due(s, T0 + 27 * ONE_DAY - 1));
        assertEquals(List.of("coffee"), REPLENISH.due(s, T0 + 27 * ONE_DAY));
        REPLENISH.reminded(s, "coffee");
        assertEquals(0, REPLENISH.nextDueAt(s));
    }

    @Test
    void theCustomersOwnIntervalWhenPlausible() {
        CustomerState s = customer();
        // bought coffee 20 days ago: their rhythm is 20 days, not 30
        REPLENISH.onPurchase(
                s, TestEvents.purchase("c1", T0, "coffee"), CATALOG, p -> T0 - 20 * ONE_DAY);
        assertEquals(T0 + 17 * ONE_DAY, s.getReplenishDue().get("coffee"));
        // 10 days (under half of 30) and 70 days (over twice) are not a rhythm: catalog's
        REPLENISH.onPurchase(
                s, TestEvents.purchase("c1", T0, "coffee"), CATALOG, p -> T0 - 10 * ONE_DAY);
        assertEquals(T0 + 27 * ONE_DAY, s.getReplenishDue().get("coffee"));
        CustomerState t = customer();
        REPLENISH.onPurchase(
                t, TestEvents.purchase("c1", T0, "coffee"), CATALOG, p -> T0 - 70 * ONE_DAY);
        assertEquals(T0 + 27 * ONE_DAY, t.getReplenishDue().get("coffee"));
        // bounds are inclusive
        CustomerState u = customer();
        REPLENISH.onPurchase(
                u, TestEvents.purchase("c1", T0, "coffee"), CATALOG, p -> T0 - 60 * ONE_DAY);
        assertEquals(T0 + 57 * ONE_DAY, u.getReplenishDue().get("coffee"));
    }

    @Test
    void aLaterPurchaseMovesTheReminderAndALateOldOneDoesNot() {
        CustomerState s = customer();
        REPLENISH.onPurchase(s, TestEvents.purchase("c1", T0, "tea"), CATALOG, NEVER);
        REPLENISH.onPurchase(s, TestEvents.purchase("c1", T0 - 5 * ONE_DAY, "tea"), CATALOG, NEVER);
        assertEquals(T0 + 17 * ONE_DAY, s.getReplenishDue().get("tea"));
    }

    @Test
    void dueListsEarliestFirstAndTrackingIsBounded() {
        CustomerState s = customer();
        REPLENISH.onPurchase(s, TestEvents.purchase("c1", T0, "filters", "coffee"), CATALOG, NEVER);
        REPLENISH.onPurchase(s, TestEvents.purchase("c1", T0 + ONE_DAY, "tea"), CATALOG, NEVER);
        assertEquals(List.of("tea", "coffee"), REPLENISH.due(s, T0 + 40 * ONE_DAY));
        REPLENISH.onPurchase(
                s, TestEvents.purchase("c1", T0 + 2 * ONE_DAY, "soap"), CATALOG, NEVER);
        assertEquals(3, s.getReplenishDue().size());
        assertTrue(!s.getReplenishDue().containsKey("tea"), "the earliest due gives way");
    }

    @Test
    void aLeadLongerThanTheIntervalRemindsAtThePurchase() {
        Replenishment early = new Replenishment(Duration.ofDays(40), 3);
        CustomerState s = customer();
        early.onPurchase(s, TestEvents.purchase("c1", T0, "coffee"), CATALOG, NEVER);
        assertEquals(T0, s.getReplenishDue().get("coffee"));
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Replenishment(Duration.ofDays(-1), 3));
        assertTrue(e.getMessage().contains("replenishment lead"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Replenishment(Duration.ZERO, 0));
    }
}
