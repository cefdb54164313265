package io.kairos.loadgen;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.CustomerEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a {@link Population} into a stream of Kafka records: customers in sessions that browse,
 * search, cart, check out or walk away, and register and give consent the first time they show
 * up. Many sessions run interleaved, and each customer's events are in order and keyed by
 * customer, as a real site would produce them; every value is a customer event envelope ({@link
 * CustomerEventCodec}) for the one customer event topic.
 *
 * <p>Everything but event times is a function of the seed: the same seed gives the same
 * customers, sessions, products, and event ids in the same order. Event times come from the
 * clock, so the stream is "now" for the job's event-time logic. Not thread-safe.
 */
public final class EventGenerator {
    public static final int DEFAULT_CONCURRENT_SESSIONS = 300;
    private static final String[] DEVICES = {"web", "ios", "android"};
    private static final String[] SEARCHES = {"camera", "phone case", "running shoes", "laptop bag", "headphones"};

    /**
     * One record to produce: {@code value} is {@code event} in the envelope, keyed by customer.
     * {@code poison} marks a deliberately undecodable value (whose {@code event} is what it was
     * cut from); {@code eventId} is the event's id, which a message the event causes names as its
     * {@code causeEventId}, so the latency probe can match the two.
     */
    public record GeneratedEvent(String key, SpecificRecord event, byte[] value, boolean poison, String eventId) {
        /** The kind of event: click, purchase, customer update. */
        public CustomerEventCodec.Kind kind() {
            return CustomerEventCodec.Kind.of(event);
        }
    }

    private final Population population;
    private final ProductCatalog products;
    private final Random random;
    private final long seed;
    private final Clock clock;
    private final double poisonRate;
    private final int concurrentSessions;

    private final BitSet registered = new BitSet();
    private final BitSet inSession = new BitSet();
    private final List<Session> sessions = new ArrayList<>();
    private long eventCounter;
    private long sessionCounter;
    private long orderCounter;

    private final CustomerEventCodec codec = CustomerEventCodec.create();

    public EventGenerator(
            Population population, ProductCatalog products, long seed, Clock clock, double poisonRate) {
        this(population, products, seed, clock, poisonRate, DEFAULT_CONCURRENT_SESSIONS);
    }

    public EventGenerator(
            Population population,
            ProductCatalog products,
            long seed,
            Clock clock,
            double poisonRate,
            int concurrentSessions) {
        if (poisonRate < 0 || poisonRate > 1) {
            throw new IllegalArgumentException("poison rate must be within [0, 1], was " + poisonRate);
        }
        if (concurrentSessions <= 0) {
            throw new IllegalArgumentException("concurrent sessions must be positive");
        }
        this.population = population;
        this.products = products;
        this.seed = seed;
        this.random = new Random(seed);
        this.clock = clock;
        this.poisonRate = poisonRate;
        this.concurrentSessions = Math.min(concurrentSessions, population.size());
    }

    /** The next record; never runs out. */
    public GeneratedEvent next() {
        while (sessions.size() < concurrentSessions) {
            startSession();
        }
        int pick = random.nextInt(sessions.size());
        Session session = sessions.get(pick);
        GeneratedEvent event = emit(session, session.steps.get(session.position++));
        if (session.position == session.steps.size()) {
            // swap-remove: order of the list does not matter, only the seeded choice does
            sessions.set(pick, sessions.get(sessions.size() - 1));
            sessions.remove(sessions.size() - 1);
            inSession.clear(session.customer.index());
        }
        if (poisonRate > 0 && random.nextDouble() < poisonRate) {
            return poison(event);
        }
        return event;
    }

    /** Records generated so far. */
    public long generated() {
        return eventCounter;
    }

    // ---- sessions ----

    private enum Kind {
        REGISTRATION, CONSENT_GRANTED, CONSENT_REVOKED, TIME_ZONE, BIRTHDAY,
        PAGE_VIEW, SEARCH, PRODUCT_VIEW, ADD_TO_CART, REMOVE_FROM_CART, CHECKOUT_START, PURCHASE,
        SUPPORT_PAGE, UNSUBSCRIBE_PAGE
    }

    private record Step(Kind kind, ProductCatalog.Product product, int quantity, Channel channel, List<CartLine> lines) {
        static Step of(Kind kind) {
            return new Step(kind, null, 0, null, null);
        }
    }

    private record CartLine(ProductCatalog.Product product, int quantity) {}

    private static final class Session {
        final Population.Customer customer;
        final String sessionId;
        final String device;
        final List<Step> steps = new ArrayList<>();
        int position;

        Session(Population.Customer customer, String sessionId, String device) {
            this.customer = customer;
            this.sessionId = sessionId;
            this.device = device;
        }
    }

    private void startSession() {
        int index = population.pickActive(random);
        for (int tries = 0; inSession.get(index) && tries < 20; tries++) {
            index = random.nextInt(population.size());
        }
        if (inSession.get(index)) {
            index = inSession.nextClearBit(0) % population.size();
        }
        Population.Customer customer = population.customer(index);
        Session s = new Session(customer, "s-" + seed + "-" + (sessionCounter++), DEVICES[random.nextInt(DEVICES.length)]);
        plan(s);
        inSession.set(index);
        sessions.add(s);
    }

    private void plan(Session s) {
        Population.Customer c = s.customer;
        List<Step> steps = s.steps;
        if (!registered.get(c.index())) {
            registered.set(c.index());
            steps.add(Step.of(Kind.REGISTRATION));
            for (Channel channel : c.consents()) {
                steps.add(new Step(Kind.CONSENT_GRANTED, null, 0, channel, null));
            }
            steps.add(Step.of(Kind.TIME_ZONE));
            if (random.nextDouble() < 0.5) {
                steps.add(Step.of(Kind.BIRTHDAY));
            }
        } else if (random.nextDouble() < 0.01 && !c.consents().isEmpty()) {
            List<Channel> given = new ArrayList<>(c.consents());
            steps.add(new Step(Kind.CONSENT_REVOKED, null, 0, given.get(random.nextInt(given.size())), null));
        }
        steps.add(Step.of(Kind.PAGE_VIEW));
        if (random.nextDouble() < 0.3) {
            steps.add(Step.of(Kind.SEARCH));
        }
        ProductCatalog.Product lastViewed = null;
        int views = 1 + random.nextInt(4);
        for (int i = 0; i < views; i++) {
            lastViewed = random.nextDouble() < 0.5 ? products.productWithAccessories(random) : products.anyProduct(random);
            steps.add(new Step(Kind.PRODUCT_VIEW, lastViewed, 0, null, null));
        }
        double cartChance = switch (c.persona()) {
            case BROWSER -> 0.15;
            case BUYER, ABANDONER -> 0.8;
        };
        if (random.nextDouble() < cartChance) {
            List<CartLine> cart = new ArrayList<>();
            cart.add(new CartLine(lastViewed, 1));
            if (random.nextDouble() < 0.35) {
                cart.add(new CartLine(products.anyProduct(random), 1 + random.nextInt(2)));
            }
            for (CartLine line : cart) {
                steps.add(new Step(Kind.ADD_TO_CART, line.product(), line.quantity(), null, null));
            }
            if (cart.size() > 1 && random.nextDouble() < 0.15) {
                CartLine removed = cart.remove(cart.size() - 1);
                steps.add(new Step(Kind.REMOVE_FROM_CART, removed.product(), 0, null, null));
            }
            double buyChance = switch (c.persona()) {
                case BUYER -> 0.8;
                case BROWSER -> 0.3;
                case ABANDONER -> 0.15;
            };
            if (random.nextDouble() < buyChance) {
                steps.add(Step.of(Kind.CHECKOUT_START));
                steps.add(new Step(Kind.PURCHASE, null, 0, null, List.copyOf(cart)));
            }
        }
        if (random.nextDouble() < 0.03) {
            steps.add(Step.of(Kind.SUPPORT_PAGE));
        }
        if (random.nextDouble() < 0.01) {
            steps.add(Step.of(Kind.UNSUBSCRIBE_PAGE));
        }
    }

    // ---- records ----

    private GeneratedEvent emit(Session s, Step step) {
        String customerId = s.customer.id();
        String eventId = "e-" + seed + "-" + (eventCounter++);
        long now = clock.millis();
        switch (step.kind()) {
            case REGISTRATION:
            case CONSENT_GRANTED:
            case CONSENT_REVOKED:
            case TIME_ZONE:
            case BIRTHDAY:
                CustomerUpdate u =
                        CustomerUpdate.newBuilder()
                                .setEventId(eventId)
                                .setEventTime(now)
                                .setCustomerId(customerId)
                                .setType(CustomerUpdateType.valueOf(step.kind().name()))
                                .setChannel(step.channel())
                                .setFirstName(step.kind() == Kind.REGISTRATION ? s.customer.firstName() : null)
                                .setTimeZone(step.kind() == Kind.TIME_ZONE ? s.customer.timeZone() : null)
                                .setBirthday(step.kind() == Kind.BIRTHDAY ? s.customer.birthday() : null)
                                .build();
                return new GeneratedEvent(customerId, u, codec.encode(u), false, eventId);
            case PURCHASE:
                List<OrderLine> lines = new ArrayList<>();
                for (CartLine line : step.lines()) {
                    lines.add(new OrderLine(line.product().id(), line.product().category(), line.quantity(), line.product().price()));
                }
                PurchaseEvent p =
                        PurchaseEvent.newBuilder()
                                .setEventId(eventId)
                                .setEventTime(now)
                                .setCustomerId(customerId)
                                .setOrderId("o-" + seed + "-" + (orderCounter++))
                                .setCurrency("EUR")
                                .setLines(lines)
                                .build();
                return new GeneratedEvent(customerId, p, codec.encode(p), false, eventId);
            default:
                ClickEvent.Builder click =
                        ClickEvent.newBuilder()
                                .setEventId(eventId)
                                .setEventTime(now)
                                .setCustomerId(customerId)
                                .setType(ClickType.valueOf(step.kind().name()))
                                .setSessionId(s.sessionId)
                                .setDevice(s.device);
                if (step.product() != null) {
                    click.setProductId(step.product().id()).setCategory(step.product().category());
                    if (step.kind() == Kind.ADD_TO_CART) {
                        click.setQuantity(step.quantity()).setUnitPrice(step.product().price());
                    }
                }
                switch (step.kind()) {
                    case SEARCH -> click.setSearchQuery(SEARCHES[random.nextInt(SEARCHES.length)]);
                    case PAGE_VIEW -> click.setPageUrl("/");
                    case SUPPORT_PAGE -> click.setPageUrl("/support");
                    case UNSUBSCRIBE_PAGE -> click.setPageUrl("/account/unsubscribe");
                    case CHECKOUT_START -> click.setPageUrl("/checkout");
                    default -> { }
                }
                ClickEvent built = click.build();
                return new GeneratedEvent(customerId, built, codec.encode(built), false, eventId);
        }
    }

    /** What a broken producer sends: text, or a record cut short. Both must be dead-lettered. */
    private GeneratedEvent poison(GeneratedEvent event) {
        byte[] value =
                random.nextBoolean()
                        ? ("{\"not\":\"avro\",\"event\":" + eventCounter + "}").getBytes(StandardCharsets.UTF_8)
                        : Arrays.copyOf(event.value(), event.value().length / 2);
        return new GeneratedEvent(event.key(), event.event(), value, true, event.eventId());
    }
}
