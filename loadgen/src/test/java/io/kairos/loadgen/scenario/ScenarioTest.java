package io.kairos.loadgen.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.RecordingWriter;
import io.kairos.loadgen.scenario.GroundTruth.CartTruth;
import io.kairos.loadgen.scenario.GroundTruth.ChurnTruth;
import io.kairos.loadgen.scenario.GroundTruth.CrossSellTruth;
import io.kairos.loadgen.scenario.GroundTruth.CustomerTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    /** One generated scenario, with its events by customer and its truth. */
    private record Run(List<RecordedEvent> events, List<GroundTruth.Entry> truth) {
        Map<String, List<RecordedEvent>> byCustomer() {
            return events.stream().collect(Collectors.groupingBy(RecordedEvent::getKey));
        }

        <T> List<T> truth(Class<T> kind) {
            return truth.stream().filter(kind::isInstance).map(kind::cast).toList();
        }
    }

    private static Run generate(int customers, int days, long seed) {
        List<GroundTruth.Entry> truth = new ArrayList<>();
        List<RecordedEvent> events = new ArrayList<>();
        Iterator<RecordedEvent> it = new Scenario(new Scenario.Settings(customers, START, days, seed)).events(truth::add);
        it.forEachRemaining(events::add);
        return new Run(events, truth);
    }

    private static Run run;

    @BeforeAll
    static void generateOnce() {
        run = generate(400, 120, 7);
    }

    @Test
    void sameSeedGivesTheSameEventsAndTruth() {
        Run again = generate(400, 120, 7);
        assertEquals(run.events(), again.events());
        assertEquals(run.truth(), again.truth());
    }

    @Test
    void anotherSeedGivesAnotherPopulation() {
        Run other = generate(400, 120, 8);
        assertNotEquals(run.events().subList(0, 100), other.events().subList(0, 100));
        assertNotEquals(run.truth(CustomerTruth.class), other.truth(CustomerTruth.class));
    }

    @Test
    void eventsAreInEventTimeOrderWithinTheWindowAndEachCustomerRegistersFirst() {
        long last = Long.MIN_VALUE;
        for (RecordedEvent e : run.events()) {
            assertTrue(e.getEventTime() >= last, "out of order at " + e);
            last = e.getEventTime();
        }
        assertTrue(run.events().get(0).getEventTime() >= START.toEpochMilli());
        assertTrue(last < START.toEpochMilli() + 120 * DAY);
        run.byCustomer().forEach((id, events) -> {
            CustomerUpdate first = (CustomerUpdate) events.get(0).getEvent();
            assertEquals(CustomerUpdateType.REGISTRATION, first.getType(), id);
        });
        assertEquals(400, run.truth(CustomerTruth.class).size(), "one truth line per customer");
    }

    @Test
    void archetypesComeInTheirShares() {
        List<GroundTruth.Entry> truth = new ArrayList<>();
        Scenario scenario = new Scenario(new Scenario.Settings(4000, START, 120, 11));
        Map<Archetype, Integer> counts = new EnumMap<>(Archetype.class);
        for (int i = 0; i < 4000; i++) {
            counts.merge(scenario.timeline(i, truth::add).archetype, 1, Integer::sum);
        }
        for (Archetype a : Archetype.values()) {
            assertEquals(a.share, counts.get(a) / 4000.0, 0.03, a.name());
        }
    }

    @Test
    void plantedChurnersGoSilentAtTheirChurnTimeAndOnlyDriftersAndOneTimeBuyersChurn() {
        Map<String, List<RecordedEvent>> byCustomer = run.byCustomer();
        List<ChurnTruth> churns = run.truth(ChurnTruth.class);
        assertTrue(churns.stream().filter(c -> c.archetype() == Archetype.DRIFTER).count() >= 40, "drifters: " + churns.size());
        for (ChurnTruth c : churns) {
            List<RecordedEvent> events = byCustomer.get(c.customer());
            List<Long> purchases = events.stream().filter(e -> e.getEvent() instanceof PurchaseEvent)
                    .map(RecordedEvent::getEventTime).toList();
            assertEquals(c.purchases(), purchases.size(), c.toString());
            assertEquals(purchases.get(purchases.size() - 1), c.lastPurchase(), c.toString());
            assertTrue(events.stream().allMatch(e -> e.getEventTime() < c.churnFrom()), "activity after churn: " + c);
            if (c.archetype() == Archetype.DRIFTER) {
                assertTrue(c.slowingFrom() < c.churnFrom() && c.typicalGapDays() >= 7, c.toString());
                assertTrue(c.purchases() >= 2, c.toString());
            } else {
                assertEquals(Archetype.ONE_TIME, c.archetype());
                assertEquals(1, c.purchases());
            }
        }
        Map<String, Archetype> archetypes = new HashMap<>();
        run.truth(CustomerTruth.class).forEach(c -> archetypes.put(c.customer(), c.archetype()));
        byCustomer.forEach((id, events) -> {
            long bought = events.stream().filter(e -> e.getEvent() instanceof PurchaseEvent).count();
            if (archetypes.get(id) == Archetype.PROSPECT) {
                assertEquals(0, bought, "a prospect bought: " + id);
            }
        });
    }

    @Test
    void plantedCartAbandonmentsAreSessionsThatCartAndNeverCheckOut() {
        Map<String, List<RecordedEvent>> bySession = new HashMap<>();
        for (RecordedEvent e : run.events()) {
            if (e.getEvent() instanceof ClickEvent c) {
                bySession.computeIfAbsent(c.getSessionId(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, CustomerTruth> customers = new HashMap<>();
        run.truth(CustomerTruth.class).forEach(c -> customers.put(c.customer(), c));
        List<CartTruth> carts = run.truth(CartTruth.class);
        assertTrue(carts.size() >= 100, "carts: " + carts.size());
        for (CartTruth cart : carts) {
            List<ClickEvent> clicks = bySession.get(cart.sessionId()).stream().map(e -> (ClickEvent) e.getEvent()).toList();
            assertTrue(clicks.stream().noneMatch(c -> c.getType() == ClickType.CHECKOUT_START), cart.toString());
            long lastCartChange = clicks.stream()
                    .filter(c -> c.getType() == ClickType.ADD_TO_CART || c.getType() == ClickType.REMOVE_FROM_CART)
                    .mapToLong(ClickEvent::getEventTime).max().orElseThrow();
            assertEquals(lastCartChange, cart.cartTime());
            for (String product : cart.products()) {
                assertTrue(clicks.stream().anyMatch(c -> c.getType() == ClickType.ADD_TO_CART
                        && product.equals(c.getProductId())), cart.toString());
            }
            // no purchase by that customer within a day after the cart (the next session is later)
            boolean bought = run.byCustomer().get(cart.customer()).stream().anyMatch(e -> e.getEvent() instanceof PurchaseEvent
                    && e.getEventTime() > cart.cartTime() && e.getEventTime() < cart.cartTime() + 3 * 3_600_000L);
            assertFalse(bought, cart.toString());
            CustomerTruth c = customers.get(cart.customer());
            boolean reachable = CustomerTimeline.REMINDER_CHANNELS.stream().anyMatch(ch -> c.consentedAt(ch, cart.cartTime()));
            assertEquals(reachable, cart.reachable(), cart.toString());
        }
    }

    @Test
    void plantedCrossSellMomentsArePurchasesOfAMainProductWithAnOfferOnAConsentedChannel() {
        Scenario scenario = new Scenario(new Scenario.Settings(400, START, 120, 7));
        Map<String, PurchaseEvent> purchases = new HashMap<>();
        run.events().stream().filter(e -> e.getEvent() instanceof PurchaseEvent)
                .forEach(e -> purchases.put(((PurchaseEvent) e.getEvent()).getEventId(), (PurchaseEvent) e.getEvent()));
        Map<String, CustomerTruth> customers = new HashMap<>();
        run.truth(CustomerTruth.class).forEach(c -> customers.put(c.customer(), c));
        List<CrossSellTruth> moments = run.truth(CrossSellTruth.class);
        assertTrue(moments.stream().filter(CrossSellTruth::reachable).count() >= 20, "moments: " + moments.size());
        for (CrossSellTruth m : moments) {
            PurchaseEvent p = purchases.get(m.purchaseEventId());
            assertEquals(m.customer(), p.getCustomerId());
            assertEquals(m.time(), p.getEventTime());
            assertTrue(p.getLines().stream().anyMatch(l -> l.getProductId().equals(m.productId())));
            List<ScenarioCatalog.Offer> offers = scenario.catalog().offersFor(m.productId());
            assertFalse(offers.isEmpty(), m.productId());
            for (String offerId : m.reachableOffers()) {
                ScenarioCatalog.Offer offer = offers.stream().filter(o -> o.offerId().equals(offerId)).findFirst().orElseThrow();
                assertTrue(offer.channels().stream().anyMatch(ch -> customers.get(m.customer()).consentedAt(ch, m.time())));
            }
            assertEquals(!m.reachableOffers().isEmpty(), m.reachable());
        }
    }

    @Test
    void writesARecordingThatNamesItsCatalogAndATruthFileThatReadsBack(@TempDir Path dir) throws Exception {
        Scenario scenario = new Scenario(new Scenario.Settings(50, START, 30, 3));
        Scenario.Summary summary = scenario.write(dir);
        List<RecordedEvent> events = RecordingReader.readAll(dir.resolve(Scenario.EVENTS_FILE));
        assertEquals(summary.events, events.size());
        assertEquals(0, summary.recording.late());
        try (RecordingReader reader = RecordingReader.open(dir.resolve(Scenario.EVENTS_FILE))) {
            assertEquals("3", reader.metadata(RecordingWriter.META_CATALOG_SEED));
        }
        GroundTruth truth = GroundTruth.read(dir.resolve(Scenario.TRUTH_FILE));
        assertEquals(50, truth.customers.size());
        assertEquals(summary.carts, truth.carts.size());
        assertEquals(summary.crossSells, truth.crossSells.size());
        assertTrue(Files.readString(dir.resolve(Scenario.TRUTH_FILE)).startsWith("{\"kind\":"));
    }
}
