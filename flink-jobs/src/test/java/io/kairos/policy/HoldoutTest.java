package io.kairos.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.events.Trigger;
import org.junit.jupiter.api.Test;
import java.util.Map;

class HoldoutTest {
    private static final int N = 100_000;

    @Test
    void holdsOutTheConfiguredShare() {
        Holdout holdout = new Holdout(Map.of(Trigger.WIN_BACK, 0.2), 0.1);
        int birthday = 0;
        int winBack = 0;
        int both = 0;
        for (int i = 0; i < N; i++) {
            String id = "customer-" + i;
            boolean b = holdout.isHeldOut(id, Trigger.BIRTHDAY);
            boolean w = holdout.isHeldOut(id, Trigger.WIN_BACK);
            birthday += b ? 1 : 0;
            winBack += w ? 1 : 0;
            both += b && w ? 1 : 0;
        }
        assertEquals(0.1, birthday / (double) N, 0.01);
        assertEquals(0.2, winBack / (double) N, 0.01);
        // independent across triggers: held out of both about 0.1 * 0.2
        assertEquals(0.02, both / (double) N, 0.003);
    }

    @Test
    void theSameCustomerAndTriggerAlwaysGetTheSameAnswer() {
        Holdout a = new Holdout(Map.of(), 0.3);
        Holdout b = new Holdout(Map.of(), 0.3);
        for (int i = 0; i < 1000; i++) {
            String id = "c" + i;
            for (Trigger t : Trigger.values()) {
                assertEquals(a.isHeldOut(id, t), b.isHeldOut(id, t));
            }
        }
        // pinned: a change of the hash would silently reshuffle every control group
        assertEquals(0.027353563591436, Holdout.unit("customer-1", Trigger.BIRTHDAY), 1e-12);
    }

    @Test
    void raisingAShareOnlyAddsCustomers() {
        Holdout small = new Holdout(Map.of(), 0.05);
        Holdout large = new Holdout(Map.of(), 0.10);
        for (int i = 0; i < 10_000; i++) {
            if (small.isHeldOut("c" + i, Trigger.CROSS_SELL)) {
                assertTrue(large.isHeldOut("c" + i, Trigger.CROSS_SELL));
            }
        }
        Holdout none = Holdout.none();
        for (int i = 0; i < 10_000; i++) {
            assertFalse(none.isHeldOut("c" + i, Trigger.CROSS_SELL));
        }
    }

    @Test
    void sharesAreValidated() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Holdout(Map.of(), 0.6));
        assertTrue(e.getMessage().contains("default holdout share"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new Holdout(Map.of(Trigger.BIRTHDAY, -0.1), 0.1));
        assertTrue(e.getMessage().contains("BIRTHDAY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Holdout(Map.of(), Double.NaN));
    }
}
