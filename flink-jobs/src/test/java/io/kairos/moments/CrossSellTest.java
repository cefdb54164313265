package io.kairos.moments;

import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.accessoryOffer;
import static io.kairos.testing.TestEvents.offerFor;
import static io.kairos.testing.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.learn.ItemAssociations;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link CrossSell}: accessories first, then learned co-purchases, never what the customer owns. */
class CrossSellTest {
    private final CrossSell rule = new CrossSell();

    private static List<String> offers(Moment m) {
        return m.candidates.stream().map(Candidate::offerId).collect(Collectors.toList());
    }

    @Test
    void aPurchaseOffersTheAccessoriesOfWhatWasBought() {
        FakeTurn turn = new FakeTurn(T0).offer(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"));
        rule.onEvent(CustomerEvent.of(purchase("c-anna", T0, "camera")), turn);
        assertEquals(1, turn.decided.size());
        Moment m = turn.decided.get(0);
        assertEquals(Trigger.CROSS_SELL, m.trigger);
        assertEquals(T0, m.at);
        assertEquals(List.of("offer-lens"), offers(m));
    }

    @Test
    void nothingTheCustomerOwnsOrBuysInTheSameOrder() {
        FakeTurn turn = new FakeTurn(T0)
                .offer(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"))
                .offer(accessoryOffer("bag", 1.0, List.of(Channel.EMAIL), "camera"));
        turn.bought.put("bag", T0 - ONE_MINUTE);
        rule.onEvent(CustomerEvent.of(purchase("c-anna", T0, "camera", "lens")), turn);
        assertTrue(turn.decided.isEmpty(), turn.decided::toString);
    }

    @Test
    void learnedCoPurchasesComeAfterTheCatalogsAccessories() {
        FakeTurn turn = new FakeTurn(T0)
                .offer(accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera"))
                .offer(offerFor("offer-tripod", List.of(Channel.EMAIL), Trigger.CROSS_SELL).setProductId("tripod").build())
                .association(new ItemAssociations("camera", List.of("tripod"), List.of(5.0), T0));
        rule.onEvent(CustomerEvent.of(purchase("c-anna", T0, "camera")), turn);
        Moment m = turn.decided.get(0);
        assertEquals(List.of("offer-lens", "offer-tripod"), offers(m));
        assertEquals(Candidate.FROM_CO_PURCHASES, m.candidates.get(1).basis);
    }

    @Test
    void noMomentWithoutACandidate() {
        FakeTurn turn = new FakeTurn(T0);
        rule.onEvent(CustomerEvent.of(purchase("c-anna", T0, "camera")), turn);
        assertTrue(turn.decided.isEmpty());
    }
}
