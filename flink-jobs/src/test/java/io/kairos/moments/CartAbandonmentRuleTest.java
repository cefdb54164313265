package io.kairos.moments;

import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.addToCart;
import static io.kairos.testing.TestEvents.click;
import static io.kairos.testing.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.events.ClickType;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CartAbandonment} as a rule: its due instant follows the cart, and the reminder falls due there. */
class CartAbandonmentRuleTest {
    private static final Duration DELAY = Duration.ofMinutes(30);
    private final CartAbandonment rule = new CartAbandonment(DELAY, List.of(Channel.PUSH));

    /** The customer model applies the click to the cart; the rule sees the cart afterwards. */
    private void cart(FakeTurn turn, io.kairos.events.ClickEvent click) {
        if (click.getType() == ClickType.ADD_TO_CART) {
            CustomerProfile.addToCart(turn.state, click);
        }
        rule.onEvent(CustomerEvent.of(click), turn);
    }

    @Test
    void everyCartChangeMovesTheDueInstantAndTheReminderFallsDueThere() {
        FakeTurn turn = new FakeTurn(T0);
        cart(turn, addToCart("c-anna", "shoes", 80.0, T0));
        cart(turn, addToCart("c-anna", "socks", 5.0, T0 + ONE_MINUTE));
        long due = T0 + ONE_MINUTE + DELAY.toMillis();
        assertEquals(due, rule.dueAt(turn.state));

        rule.onDue(due, turn);
        assertEquals(1, turn.decided.size());
        Moment m = turn.decided.get(0);
        assertEquals(Trigger.CART_ABANDONMENT, m.trigger);
        assertEquals("cart@" + due, m.cause);
        assertEquals(due, m.at);
        assertEquals(0, rule.dueAt(turn.state), "once per cart change");
    }

    @Test
    void aCheckoutCancelsItAndAPurchaseOfEverythingToo() {
        FakeTurn turn = new FakeTurn(T0);
        cart(turn, addToCart("c-anna", "shoes", 80.0, T0));
        cart(turn, click("c-anna", ClickType.CHECKOUT_START, T0 + ONE_MINUTE));
        assertEquals(0, rule.dueAt(turn.state));

        cart(turn, addToCart("c-anna", "shoes", 80.0, T0 + 2 * ONE_MINUTE));
        turn.state.getCart().clear(); // the model empties the cart of what was bought
        rule.onEvent(CustomerEvent.of(purchase("c-anna", T0 + 3 * ONE_MINUTE, "shoes")), turn);
        assertEquals(0, rule.dueAt(turn.state));
        assertTrue(turn.decided.isEmpty());
    }
}
