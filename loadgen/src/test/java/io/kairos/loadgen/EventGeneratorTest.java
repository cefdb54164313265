package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.loadgen.replay.EventKind;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.DecodeResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
    /** What the job reads the values with: every record is one envelope of the customer event topic. */
    private static final CustomerEventCodec EVENTS = CustomerEventCodec.create();

    private static EventGenerator generator(long seed, double poisonRate) {
        return new EventGenerator(new Population(2_000, seed), new ProductCatalog(seed), seed, CLOCK, poisonRate, 100);
    }

    @Test
    void theSameSeedGivesTheSameRecords() {
        EventGenerator a = generator(7, 0.01);
        EventGenerator b = generator(7, 0.01);
        for (int i = 0; i < 5_000; i++) {
            EventGenerator.GeneratedEvent x = a.next();
            EventGenerator.GeneratedEvent y = b.next();
            assertEquals(x.event(), y.event());
            assertEquals(x.key(), y.key());
            assertArrayEquals(x.value(), y.value(), "record " + i);
        }
        assertFalse(
                java.util.Arrays.equals(generator(7, 0).next().value(), generator(8, 0).next().value()),
                "another seed, another stream");
    }

    @Test
    void everyCustomerRegistersBeforeAnythingElseAndEveryRecordDecodes() {
        EventGenerator generator = generator(42, 0);
        Set<String> registered = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            EventGenerator.GeneratedEvent e = generator.next();
            assertFalse(e.poison());
            String customer;
            String eventId;
            SpecificRecord event = decoded(EVENTS.decode(e.value()));
            assertEquals(e.event(), event, "the value is the event in the envelope");
            switch (e.kind()) {
                case CUSTOMER_UPDATE -> {
                    CustomerUpdate u = (CustomerUpdate) event;
                    customer = u.getCustomerId();
                    eventId = u.getEventId();
                    if (u.getType() == CustomerUpdateType.REGISTRATION) {
                        assertTrue(registered.add(customer), customer + " registers once");
                        assertNotNull(u.getFirstName());
                    }
                    if (u.getType() == CustomerUpdateType.CONSENT_GRANTED) {
                        assertNotNull(u.getChannel());
                    }
                }
                case CLICK -> {
                    ClickEvent c = (ClickEvent) event;
                    customer = c.getCustomerId();
                    eventId = c.getEventId();
                    if (c.getType() == ClickType.ADD_TO_CART) {
                        assertNotNull(c.getProductId());
                        assertTrue(c.getQuantity() > 0 && c.getUnitPrice() > 0);
                    }
                }
                case PURCHASE -> {
                    PurchaseEvent p = (PurchaseEvent) event;
                    customer = p.getCustomerId();
                    eventId = p.getEventId();
                    assertFalse(p.getLines().isEmpty());
                }
                default -> throw new AssertionError("unexpected event " + event);
            }
            assertEquals(customer, e.key(), "keyed by customer");
            assertTrue(registered.contains(customer), customer + " acted before registering");
            assertTrue(eventIds.add(eventId), "event ids are unique");
            assertEquals(CLOCK.millis(), EventKind.eventTime(event));
        }
    }

    @Test
    void theTrafficHasTheMomentsTheEngineLooksFor() {
        ProductCatalog catalog = new ProductCatalog(42);
        EventGenerator generator = new EventGenerator(new Population(2_000, 42), catalog, 42, CLOCK, 0, 100);
        Map<String, Integer> openCarts = new HashMap<>();
        int purchases = 0;
        int purchasesWithAccessories = 0;
        int consents = 0;
        for (int i = 0; i < 50_000; i++) {
            EventGenerator.GeneratedEvent e = generator.next();
            if (e.event() instanceof PurchaseEvent p) {
                purchases++;
                openCarts.remove(p.getCustomerId());
                for (OrderLine line : p.getLines()) {
                    if (catalog.product(line.getProductId()).takesAccessories()) {
                        purchasesWithAccessories++;
                        break;
                    }
                }
            } else if (e.event() instanceof ClickEvent c) {
                if (c.getType() == ClickType.ADD_TO_CART) {
                    openCarts.merge(c.getCustomerId(), 1, Integer::sum);
                }
            } else if (((CustomerUpdate) e.event()).getType() == CustomerUpdateType.CONSENT_GRANTED) {
                consents++;
            }
        }
        assertTrue(purchases > 500, "purchases: " + purchases);
        assertTrue(purchasesWithAccessories > purchases / 5, "cross-sell moments: " + purchasesWithAccessories);
        assertTrue(openCarts.size() > 200, "abandoned carts: " + openCarts.size());
        assertTrue(consents > 1_000, "consents: " + consents);
    }

    @Test
    void poisonIsUndecodableAndAsFrequentAsAsked() {
        EventGenerator generator = generator(1, 0.1);
        int poison = 0;
        for (int i = 0; i < 10_000; i++) {
            EventGenerator.GeneratedEvent e = generator.next();
            if (e.poison()) {
                poison++;
                assertFalse(EVENTS.decode(e.value()).isOk(), "poison must not decode");
            }
        }
        assertTrue(poison > 850 && poison < 1_150, "about 10% poison, was " + poison);
    }

    private static <T> T decoded(DecodeResult<T> result) {
        assertTrue(result.isOk(), () -> result.error());
        return result.value();
    }

    @Test
    void aSmallPopulationNeverHasTwoSessionsForOneCustomer() {
        // 10 customers, 10 sessions in flight: every customer is busy; must not hang or repeat.
        EventGenerator generator = new EventGenerator(new Population(10, 3), new ProductCatalog(3), 3, CLOCK, 0, 50);
        for (int i = 0; i < 2_000; i++) {
            assertNotNull(generator.next());
        }
        assertEquals(2_000, generator.generated());
        assertTrue(List.of(CustomerEventCodec.Kind.CLICK, CustomerEventCodec.Kind.PURCHASE,
                CustomerEventCodec.Kind.CUSTOMER_UPDATE).contains(generator.next().kind()));
    }
}
