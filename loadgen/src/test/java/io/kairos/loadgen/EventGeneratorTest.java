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
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.DecodeResult;
import io.kairos.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
    private static final AvroCodec<ClickEvent> CLICKS = AvroCodec.of(ClickEvent.class);
    private static final AvroCodec<PurchaseEvent> PURCHASES = AvroCodec.of(PurchaseEvent.class);
    private static final AvroCodec<CustomerUpdate> UPDATES = AvroCodec.of(CustomerUpdate.class);

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
            assertEquals(x.topic(), y.topic());
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
            switch (e.topic()) {
                case Topics.CUSTOMER_UPDATES -> {
                    CustomerUpdate u = decoded(UPDATES.decode(e.value()));
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
                case Topics.CLICKS -> {
                    ClickEvent c = decoded(CLICKS.decode(e.value()));
                    customer = c.getCustomerId();
                    eventId = c.getEventId();
                    if (c.getType() == ClickType.ADD_TO_CART) {
                        assertNotNull(c.getProductId());
                        assertTrue(c.getQuantity() > 0 && c.getUnitPrice() > 0);
                    }
                }
                case Topics.PURCHASES -> {
                    PurchaseEvent p = decoded(PURCHASES.decode(e.value()));
                    customer = p.getCustomerId();
                    eventId = p.getEventId();
                    assertFalse(p.getLines().isEmpty());
                }
                default -> throw new AssertionError("unexpected topic " + e.topic());
            }
            assertEquals(customer, e.key(), "keyed by customer");
            assertTrue(registered.contains(customer), customer + " acted before registering");
            assertTrue(eventIds.add(eventId), "event ids are unique");
            assertEquals(CLOCK.millis(), timeOf(e));
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
            if (e.topic().equals(Topics.PURCHASES)) {
                PurchaseEvent p = decoded(PURCHASES.decode(e.value()));
                purchases++;
                openCarts.remove(p.getCustomerId());
                for (OrderLine line : p.getLines()) {
                    if (catalog.product(line.getProductId()).takesAccessories()) {
                        purchasesWithAccessories++;
                        break;
                    }
                }
            } else if (e.topic().equals(Topics.CLICKS)) {
                ClickEvent c = decoded(CLICKS.decode(e.value()));
                if (c.getType() == ClickType.ADD_TO_CART) {
                    openCarts.merge(c.getCustomerId(), 1, Integer::sum);
                }
            } else if (decoded(UPDATES.decode(e.value())).getType() == CustomerUpdateType.CONSENT_GRANTED) {
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
                AvroCodec<?> codec = switch (e.topic()) {
                    case Topics.CLICKS -> CLICKS;
                    case Topics.PURCHASES -> PURCHASES;
                    default -> UPDATES;
                };
                assertFalse(codec.decode(e.value()).isOk(), "poison must not decode");
            }
        }
        assertTrue(poison > 850 && poison < 1_150, "about 10% poison, was " + poison);
    }

    private static <T> T decoded(DecodeResult<T> result) {
        assertTrue(result.isOk(), () -> result.error());
        return result.value();
    }

    private static long timeOf(EventGenerator.GeneratedEvent e) {
        return switch (e.topic()) {
            case Topics.CLICKS -> CLICKS.decode(e.value()).value().getEventTime();
            case Topics.PURCHASES -> PURCHASES.decode(e.value()).value().getEventTime();
            default -> UPDATES.decode(e.value()).value().getEventTime();
        };
    }

    @Test
    void aSmallPopulationNeverHasTwoSessionsForOneCustomer() {
        // 10 customers, 10 sessions in flight: every customer is busy; must not hang or repeat.
        EventGenerator generator = new EventGenerator(new Population(10, 3), new ProductCatalog(3), 3, CLOCK, 0, 50);
        for (int i = 0; i < 2_000; i++) {
            assertNotNull(generator.next());
        }
        assertEquals(2_000, generator.generated());
        assertTrue(List.of(Topics.CLICKS, Topics.PURCHASES, Topics.CUSTOMER_UPDATES).contains(generator.next().topic()));
    }
}
