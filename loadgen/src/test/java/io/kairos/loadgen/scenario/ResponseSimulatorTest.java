package io.kairos.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.Trigger;
import io.kairos.loadgen.ProductCatalog.Product;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseSimulatorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Product PRODUCT = new Product("p-a", "cameras-accessories", 20.0, false);

    private static Decision sent(String customer, String offer, int i) {
        return Decision.newBuilder().setDecisionId("d" + i).setCustomerId(customer).setTrigger(Trigger.CROSS_SELL)
                .setCauseEventId("e" + i).setDecidedAt(T0).setCatalogVersion(1).setOutcome(DecisionOutcome.SENT)
                .setOfferId(offer).setChannel(Channel.EMAIL).setMessageId("m" + i).setSendAt(T0).build();
    }

    @Test
    void conversionsComeAtTheTrueRateWithAPurchaseOfTheOfferedProduct() {
        ResponseSimulator sim = new ResponseSimulator(ResponseSimulator.Settings.defaults(7), Map.of("offer-a", PRODUCT),
                Map.of());
        double rate = sim.trueRate("offer-a", "c");
        assertTrue(rate >= 0.02 && rate <= 0.15, "base rate in range: " + rate);
        int n = 20_000;
        int converted = 0;
        for (int i = 0; i < n; i++) {
            ResponseSimulator.Reaction r = sim.react(sent("c" + i, "offer-a", i), T0 + 3_600_000L);
            if (r.converted()) {
                converted++;
                assertEquals("p-a", r.purchase().getLines().get(0).getProductId());
                assertEquals("c" + i, r.purchase().getCustomerId());
                OfferResponse last = r.responses().get(r.responses().size() - 1);
                assertEquals(OfferResponseType.CONVERTED, last.getType());
                assertEquals(last.getEventTime(), r.purchase().getEventTime());
            } else {
                assertNull(r.purchase());
            }
            long previous = T0 + 3_600_000L;
            for (OfferResponse response : r.responses()) {
                assertTrue(response.getEventTime() > previous, "after notBefore and in order");
                previous = response.getEventTime();
                assertEquals("m" + i, response.getMessageId());
            }
        }
        double sd = Math.sqrt(rate * (1 - rate) / n);
        assertEquals(rate, converted / (double) n, 4 * sd);
    }

    @Test
    void theSameMessageGetsTheSameAnswerAndArchetypesScaleTheRate() {
        ResponseSimulator sim = new ResponseSimulator(new ResponseSimulator.Settings(7, 0.1, 0.1, 2.0, 0.3, 0.3, 0.1),
                Map.of(), Map.of("loyal", Archetype.LOYAL_REGULAR, "prospect", Archetype.PROSPECT));
        assertEquals(sim.react(sent("c", "offer-x", 1), T0), sim.react(sent("c", "offer-x", 1), T0));
        assertEquals(0.3, sim.trueRate("offer-x", "loyal"), 1e-12);
        assertEquals(0.1, sim.trueRate("offer-x", "prospect"), 1e-12);
        assertEquals(0.2, sim.trueRate("offer-x", "unknown"), 1e-12);
        Decision holdout = Decision.newBuilder(sent("c", "offer-x", 2)).setOutcome(DecisionOutcome.HOLDOUT).build();
        assertTrue(sim.react(holdout, T0).responses().isEmpty(), "held out: nothing was sent");
    }
}
