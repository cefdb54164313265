package io.kairos.loadgen.scenario;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.ProductCatalog.Product;
import io.kairos.loadgen.replay.RecordingWriter;
import io.kairos.loadgen.scenario.GroundTruth.CartTruth;
import io.kairos.loadgen.scenario.GroundTruth.ChurnTruth;
import io.kairos.loadgen.scenario.GroundTruth.ConsentSpan;
import io.kairos.loadgen.scenario.GroundTruth.CrossSellTruth;
import io.kairos.loadgen.scenario.GroundTruth.CustomerTruth;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One customer's whole history, generated lazily from (seed, customer index) alone, one session at
 * a time: between sessions it holds a few numbers (its random state, next session time, what it
 * owns), during one only that session's events. Sessions fall on the customer's local daily and
 * weekly rhythm; purchases follow the archetype's rhythm. Planted moments (cart abandonments,
 * cross-sell purchases) go to the truth sink when their session is generated; the customer line
 * and a churn when the timeline ends ({@link #finish}). Not thread-safe.
 */
final class CustomerTimeline {
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final long DAY = 86_400_000L;
    /** Channels a cart reminder may use, in the job's default order (kairos.cart.reminder-channels). */
    static final List<Channel> REMINDER_CHANNELS = List.of(Channel.PUSH, Channel.EMAIL, Channel.SMS, Channel.APP);
    /** Main products of one customer are this far apart at least: beyond the job's 7 d offer cooldown. */
    static final long MAIN_PURCHASE_SPACING = 30 * DAY;
    /** Sessions of one customer are this far apart at least: beyond the 30 min cart delay. */
    static final long MIN_SESSION_SPACING = 3 * HOUR;

    private static final String[] FIRST_NAMES = {"Ada", "Ben", "Chloe", "Dev", "Emma", "Farid", "Greta",
        "Hugo", "Ines", "Jonas", "Kira", "Luca", "Mona", "Nils", "Olga", "Pedro", "Rosa", "Sami", "Tara", "Yusuf"};
    private static final String[] TIME_ZONES = {"Europe/Berlin", "Europe/London", "Europe/Madrid",
        "Europe/Warsaw", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo",
        "Australia/Sydney"};
    private static final double[] ZONE_WEIGHTS = {0.22, 0.14, 0.10, 0.06, 0.16, 0.08, 0.08, 0.10, 0.06};
    /** Sessions by local hour: quiet nights, a lunch bump, an evening peak. */
    private static final double[] HOUR_WEIGHTS = {
        0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.4, 1.5, 1.6, 1.8,
        2.4, 2.2, 1.7, 1.6, 1.7, 2.0, 2.6, 3.2, 3.4, 2.8, 1.8, 0.8};
    /** Sessions by weekday, Monday first: busier weekends. */
    private static final double[] WEEKDAY_WEIGHTS = {0.8, 0.8, 0.85, 0.9, 1.0, 1.3, 1.2};
    private static final String[] DEVICES = {"web", "ios", "android"};
    private static final String[] SEARCHES = {"camera", "phone case", "coffee pods", "running shoes", "headphones",
        "sale", "printer ink"};

    private final Scenario.Settings settings;
    private final ScenarioCatalog catalog;
    private final Consumer<GroundTruth.Entry> truth;
    final int index;
    final String id;
    final Archetype archetype;
    private final SplittableRandom random;
    private final ZoneId zone;
    private final String timeZone;
    private final String firstName;
    private final String birthday;
    private final long registeredAt;
    private final long windowEnd;
    private final Map<Channel, long[]> consents = new EnumMap<>(Channel.class); // {granted, revoked or 0}
    private Channel revokeChannel;
    private long revokeAt = Long.MAX_VALUE;

    // rhythm
    private final double meanGapDays;
    private final long slowingFrom;
    private final long churnFrom;
    private final double browsePerDay;
    private final List<ScenarioCatalog.Consumable> favourites = new ArrayList<>();

    // progress
    private long nextSessionAt;
    private long nextPurchaseAt;
    private long nextBrowseAt;
    private int burstLeft;
    private long lastSessionEnd;
    private long lastPurchase = -1;
    private long lastMainPurchase = Long.MIN_VALUE / 2;
    private int purchases;
    private int sessions;
    private int eventNo;
    private final Set<String> owned = new HashSet<>();
    private final ArrayDeque<RecordedEvent> pending = new ArrayDeque<>();
    private boolean registered;
    private long lastEventTime;

    CustomerTimeline(Scenario.Settings settings, ScenarioCatalog catalog, int index, long firstActivity,
                     Consumer<GroundTruth.Entry> truth) {
        this.settings = settings;
        this.catalog = catalog;
        this.truth = truth;
        this.index = index;
        this.id = Scenario.customerId(index);
        this.random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 17);
        this.archetype = Archetype.of(random.nextDouble());
        this.timeZone = TIME_ZONES[pick(ZONE_WEIGHTS)];
        this.zone = ZoneId.of(timeZone);
        this.firstName = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        this.birthday = random.nextDouble() < 0.7
                ? String.format("%04d-%02d-%02d", 1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28))
                : null;
        this.windowEnd = settings.endMillis();
        this.registeredAt = shape(firstActivity, firstActivity);
        grant(Channel.EMAIL, 0.65);
        grant(Channel.PUSH, 0.45);
        grant(Channel.SMS, 0.2);
        grant(Channel.APP, 0.35);
        grant(Channel.WEB, 0.5);

        long start = registeredAt;
        double gap;
        long slowing = Long.MAX_VALUE;
        long churn = Long.MAX_VALUE;
        switch (archetype) {
            case LOYAL_REGULAR -> {
                gap = 7 + 7 * random.nextDouble();
                browsePerDay = 1 / 5.0;
            }
            case OCCASIONAL -> {
                gap = 30 + 60 * random.nextDouble();
                browsePerDay = 1 / 10.0;
            }
            case BARGAIN_HUNTER -> {
                gap = 25 + 25 * random.nextDouble(); // between bursts
                browsePerDay = 1 / 6.0;
            }
            case PROSPECT -> {
                gap = 0;
                browsePerDay = 1 / 12.0;
            }
            case ONE_TIME -> {
                gap = 0;
                browsePerDay = 1 / 4.0;
                churn = start + (long) ((3 + 9 * random.nextDouble()) * DAY); // a few visits around one purchase
            }
            default -> { // DRIFTER
                gap = 7 + 14 * random.nextDouble();
                browsePerDay = 1 / 6.0;
                long days = settings.days() * DAY;
                churn = Math.max(settings.startMillis() + (long) ((0.3 + 0.3 * random.nextDouble()) * days),
                        start + (long) (4 * gap * DAY));
                slowing = churn - (long) ((1.5 + 1.5 * random.nextDouble()) * gap * DAY);
            }
        }
        this.meanGapDays = gap;
        this.slowingFrom = slowing;
        this.churnFrom = churn;
        if (archetype == Archetype.LOYAL_REGULAR || archetype == Archetype.DRIFTER) {
            List<ScenarioCatalog.Consumable> all = catalog.consumables();
            favourites.add(all.get(random.nextInt(all.size())));
            if (random.nextBoolean()) {
                favourites.add(all.get(random.nextInt(all.size())));
            }
        }
        if (!consents.isEmpty() && random.nextDouble() < 0.05) {
            List<Channel> given = new ArrayList<>(consents.keySet());
            revokeChannel = given.get(random.nextInt(given.size()));
            revokeAt = start + (long) (random.nextDouble() * (Math.min(windowEnd, churn) - start));
        }
        nextPurchaseAt = switch (archetype) {
            case PROSPECT -> Long.MAX_VALUE;
            case ONE_TIME -> start + (long) ((0.2 + 2.5 * random.nextDouble()) * DAY);
            case BARGAIN_HUNTER -> start + (long) (random.nextDouble() * gap * DAY);
            default -> start + (long) (random.nextDouble() * gap * DAY);
        };
        nextBrowseAt = start + exponentialDays(browsePerDay);
        nextSessionAt = registeredAt; // the first session registers
    }

    private void grant(Channel channel, double probability) {
        if (random.nextDouble() < probability) {
            consents.put(channel, new long[] {registeredAt, 0});
        }
    }

    private int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private long exponentialDays(double perDay) {
        return (long) (-Math.log(1 - random.nextDouble()) / perDay * DAY);
    }

    /** Gamma(shape)/shape: mean 1, regular for large shapes (Marsaglia and Tsang). */
    private double jitter(double shape) {
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                double u1 = 1 - random.nextDouble(), u2 = random.nextDouble();
                x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            if (Math.log(random.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v / shape;
            }
        }
    }

    /**
     * A session time near {@code target} that follows the daily and weekly rhythm in the customer's
     * zone: the day is kept or moved to a busier following day, the hour drawn from the day's curve.
     * Never before {@code notBefore}.
     */
    private long shape(long target, long notBefore) {
        return shape(target, notBefore, true);
    }

    /** As above; {@code weekly} false keeps the target's day (a purchase due on a rhythm). */
    private long shape(long target, long notBefore, boolean weekly) {
        LocalDate day = Instant.ofEpochMilli(target).atZone(zone).toLocalDate();
        for (int tries = 0; weekly && tries < 3; tries++) {
            DayOfWeek dow = day.getDayOfWeek();
            if (random.nextDouble() * 1.3 < WEEKDAY_WEIGHTS[dow.getValue() - 1]) {
                break;
            }
            day = day.plusDays(1);
        }
        for (int tries = 0; tries < 4; tries++) {
            LocalTime time = LocalTime.of(pick(HOUR_WEIGHTS), random.nextInt(60), random.nextInt(60));
            long t = day.atTime(time).atZone(zone).toInstant().toEpochMilli();
            if (t >= notBefore) {
                return t;
            }
            day = day.plusDays(1);
        }
        return notBefore + random.nextInt(60) * MINUTE;
    }

    // ---- iteration ----

    /** Time of the next event; {@link Long#MAX_VALUE} when the customer has nothing more. */
    long peekTime() {
        return pending.isEmpty() ? nextSessionAt : pending.peekFirst().getEventTime();
    }

    RecordedEvent next() {
        if (pending.isEmpty()) {
            session(nextSessionAt);
            planNextSession();
        }
        return pending.pollFirst();
    }

    private long lifeEnd() {
        return Math.min(churnFrom, windowEnd - 2 * HOUR);
    }

    private void planNextSession() {
        long notBefore = lastSessionEnd + MIN_SESSION_SPACING;
        boolean buying = nextPurchaseAt <= nextBrowseAt;
        long target = Math.max(Math.min(nextPurchaseAt, nextBrowseAt), notBefore);
        long at = shape(target, notBefore, !buying);
        if (at >= lifeEnd() || target == Long.MAX_VALUE) {
            nextSessionAt = Long.MAX_VALUE;
            return;
        }
        nextSessionAt = at;
    }

    private void session(long t0) {
        String sessionId = "s-" + settings.seed() + "-" + index + "-" + sessions++;
        String device = DEVICES[random.nextInt(DEVICES.length)];
        long[] clock = {t0};
        boolean purchase = nextPurchaseAt != Long.MAX_VALUE && nextPurchaseAt - 12 * HOUR <= t0; // due within half a day
        if (!registered) {
            registered = true;
            update(clock, CustomerUpdateType.REGISTRATION, null, u -> u.setFirstName(firstName));
            for (Map.Entry<Channel, long[]> c : consents.entrySet()) {
                update(clock, CustomerUpdateType.CONSENT_GRANTED, c.getKey(), u -> { });
                c.getValue()[0] = lastEventTime; // the truth holds the event's time
            }
            update(clock, CustomerUpdateType.TIME_ZONE, null, u -> u.setTimeZone(timeZone));
            if (birthday != null) {
                update(clock, CustomerUpdateType.BIRTHDAY, null, u -> u.setBirthday(birthday));
            }
        }
        if (revokeChannel != null && t0 >= revokeAt && consents.get(revokeChannel)[1] == 0) {
            update(clock, CustomerUpdateType.CONSENT_REVOKED, revokeChannel, u -> { });
            consents.get(revokeChannel)[1] = lastEventTime;
        }
        boolean slowing = t0 >= slowingFrom;
        click(clock, sessionId, device, ClickType.PAGE_VIEW, null, 0, c -> c.setPageUrl("/"));
        if (random.nextDouble() < 0.3) {
            click(clock, sessionId, device, ClickType.SEARCH, null, 0,
                    c -> c.setSearchQuery(SEARCHES[random.nextInt(SEARCHES.length)]));
        }
        if (purchase) {
            buy(clock, sessionId, device);
            nextPurchaseAt = nextPurchaseAfter(clock[0]);
        } else {
            browse(clock, sessionId, device, slowing);
            nextBrowseAt = clock[0] + exponentialDays(browsePerDay * (slowing ? 0.5 : 1));
        }
        if (slowing && random.nextDouble() < 0.25) {
            click(clock, sessionId, device, ClickType.SUPPORT_PAGE, null, 0, c -> c.setPageUrl("/support"));
        }
        lastSessionEnd = lastEventTime;
    }

    private long nextPurchaseAfter(long t) {
        switch (archetype) {
            case ONE_TIME:
            case PROSPECT:
                return Long.MAX_VALUE;
            case BARGAIN_HUNTER:
                if (burstLeft > 0) {
                    burstLeft--;
                    return t + (long) ((1 + 3 * random.nextDouble()) * DAY);
                }
                burstLeft = 1 + random.nextInt(3);
                return t + (long) (meanGapDays * jitter(4) * DAY);
            case OCCASIONAL:
                return t + (long) (meanGapDays * jitter(4) * DAY);
            default: // LOYAL_REGULAR, DRIFTER (longer gaps while slowing)
                double factor = t >= slowingFrom ? 1.7 : 1.0;
                return t + (long) (meanGapDays * factor * jitter(8) * DAY);
        }
    }

    private void browse(long[] clock, String sessionId, String device, boolean slowing) {
        int views = 1 + random.nextInt(4);
        Product last = null;
        for (int i = 0; i < views; i++) {
            last = random.nextDouble() < 0.4 ? any(catalog.mains()) : archetype == Archetype.BARGAIN_HUNTER
                    ? any(catalog.cheap()) : any(catalog.others());
            view(clock, sessionId, device, last);
        }
        double cartChance = switch (archetype) {
            case LOYAL_REGULAR -> 0.05;
            case OCCASIONAL, ONE_TIME -> 0.10;
            case BARGAIN_HUNTER -> 0.35;
            case PROSPECT -> 0.15;
            case DRIFTER -> slowing ? 0.15 : 0.05;
        };
        if (random.nextDouble() >= cartChance) {
            return;
        }
        List<String> cart = new ArrayList<>();
        addToCart(clock, sessionId, device, last, 1);
        cart.add(last.id());
        if (random.nextDouble() < 0.3) {
            Product second = any(catalog.others());
            if (!cart.contains(second.id())) {
                view(clock, sessionId, device, second);
                addToCart(clock, sessionId, device, second, 1);
                cart.add(second.id());
                if (random.nextDouble() < 0.2) {
                    // one of two items taken out: the cart is still not empty
                    click(clock, sessionId, device, ClickType.REMOVE_FROM_CART, second, 0, c -> { });
                    cart.remove(second.id());
                }
            }
        }
        long cartTime = lastEventTime;
        boolean reachable = REMINDER_CHANNELS.stream().anyMatch(c -> consentedAt(c, cartTime));
        truth.accept(new CartTruth(id, sessionId, cartTime, List.copyOf(cart), reachable));
    }

    private void buy(long[] clock, String sessionId, String device) {
        long t = clock[0];
        List<Product> basket = new ArrayList<>();
        double mainChance = switch (archetype) {
            case LOYAL_REGULAR, DRIFTER -> 0.08;
            case OCCASIONAL -> 0.3;
            case ONE_TIME -> 0.45;
            default -> 0;
        };
        Product main = null;
        if (t - lastMainPurchase >= MAIN_PURCHASE_SPACING && random.nextDouble() < mainChance) {
            main = any(catalog.mains());
            basket.add(main);
        }
        switch (archetype) {
            case LOYAL_REGULAR, DRIFTER -> {
                basket.add(favourites.get(random.nextInt(favourites.size())).product());
                if (random.nextDouble() < 0.3) {
                    basket.add(any(catalog.others()));
                }
            }
            case BARGAIN_HUNTER -> {
                basket.add(any(catalog.cheap()));
                if (random.nextDouble() < 0.4) {
                    basket.add(any(catalog.cheap()));
                }
            }
            default -> {
                if (main == null) {
                    basket.add(any(catalog.others()));
                }
            }
        }
        // Now and then an accessory for a main product bought earlier (not with a new one).
        if (main == null && random.nextDouble() < 0.25) {
            for (String p : owned) {
                List<String> fits = catalog.accessoriesFor(p);
                if (!fits.isEmpty()) {
                    basket.add(catalog.product(fits.get(random.nextInt(fits.size()))));
                    break;
                }
            }
        }
        List<Product> distinct = new ArrayList<>();
        for (Product p : basket) {
            if (distinct.stream().noneMatch(d -> d.id().equals(p.id()))) {
                distinct.add(p);
            }
        }
        List<OrderLine> lines = new ArrayList<>();
        for (Product p : distinct) {
            view(clock, sessionId, device, p);
            int quantity = p.category().equals("consumables") ? 1 + random.nextInt(3) : 1;
            addToCart(clock, sessionId, device, p, quantity);
            lines.add(new OrderLine(p.id(), p.category(), quantity, p.price()));
        }
        click(clock, sessionId, device, ClickType.CHECKOUT_START, null, 0, c -> c.setPageUrl("/checkout"));
        String eventId = nextEventId(clock, clickGap());
        long at = lastEventTime;
        pending.add(RecordingWriter.wrap(PurchaseEvent.newBuilder()
                .setEventId(eventId).setEventTime(at).setCustomerId(id)
                .setOrderId("o-" + settings.seed() + "-" + index + "-" + purchases)
                .setCurrency("EUR").setLines(lines).build(), null));
        purchases++;
        lastPurchase = at;
        if (main != null) {
            lastMainPurchase = at;
            plantCrossSell(eventId, at, main, distinct);
        }
        for (Product p : distinct) {
            owned.add(p.id());
        }
    }

    /** A cross-sell moment if some offer lists accessories for the main product that the customer lacks. */
    private void plantCrossSell(String eventId, long at, Product main, List<Product> basket) {
        List<ScenarioCatalog.Offer> candidates = new ArrayList<>();
        for (ScenarioCatalog.Offer offer : catalog.offersFor(main.id())) {
            boolean ownsIt = owned.contains(offer.accessoryId())
                    || basket.stream().anyMatch(p -> p.id().equals(offer.accessoryId()));
            if (!ownsIt) {
                candidates.add(offer);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        List<String> reachable = new ArrayList<>();
        for (ScenarioCatalog.Offer offer : candidates) {
            if (offer.channels().stream().anyMatch(c -> consentedAt(c, at))) {
                reachable.add(offer.offerId());
            }
        }
        truth.accept(new CrossSellTruth(id, eventId, at, main.id(), List.copyOf(reachable), !reachable.isEmpty()));
    }

    private boolean consentedAt(Channel channel, long t) {
        long[] span = consents.get(channel);
        return span != null && t >= span[0] && (span[1] == 0 || t < span[1]);
    }

    private Product any(List<Product> products) {
        return products.get(random.nextInt(products.size()));
    }

    // ---- events ----

    /**
     * The next event's id; its time is {@code clock[0]} as it was, and the clock moves on by
     * {@code gapAfter}. A session's first event is at the session's start exactly, which is what
     * the merge ordered this customer by.
     */
    private String nextEventId(long[] clock, long gapAfter) {
        lastEventTime = clock[0];
        clock[0] += gapAfter;
        return "e-" + settings.seed() + "-" + index + "-" + eventNo++;
    }

    private long clickGap() {
        return (20 + random.nextInt(100)) * 1000L;
    }

    private void update(long[] clock, CustomerUpdateType type, Channel channel, Consumer<CustomerUpdate.Builder> more) {
        // a second apart: in order, and registration lands before what follows
        String eventId = nextEventId(clock, 1000);
        CustomerUpdate.Builder u = CustomerUpdate.newBuilder().setEventId(eventId).setEventTime(lastEventTime)
                .setCustomerId(id).setType(type).setChannel(channel);
        more.accept(u);
        pending.add(RecordingWriter.wrap(u.build(), null));
    }

    private void view(long[] clock, String sessionId, String device, Product p) {
        click(clock, sessionId, device, ClickType.PRODUCT_VIEW, p, 0, c -> { });
    }

    private void addToCart(long[] clock, String sessionId, String device, Product p, int quantity) {
        click(clock, sessionId, device, ClickType.ADD_TO_CART, p, quantity,
                c -> c.setQuantity(quantity).setUnitPrice(p.price()));
    }

    private void click(long[] clock, String sessionId, String device, ClickType type, Product p, int quantity,
                       Consumer<ClickEvent.Builder> more) {
        String eventId = nextEventId(clock, clickGap());
        ClickEvent.Builder c = ClickEvent.newBuilder().setEventId(eventId).setEventTime(lastEventTime).setCustomerId(id)
                .setType(type).setSessionId(sessionId).setDevice(device);
        if (p != null) {
            c.setProductId(p.id()).setCategory(p.category());
        }
        more.accept(c);
        pending.add(RecordingWriter.wrap(c.build(), null));
    }

    // ---- the end ----

    /** Writes the customer's truth line, and their churn if one was planted and happened. */
    void finish() {
        Map<Channel, ConsentSpan> spans = new EnumMap<>(Channel.class);
        consents.forEach((c, s) -> spans.put(c, new ConsentSpan(s[0], s[1] == 0 ? null : s[1])));
        truth.accept(new CustomerTruth(id, archetype, registeredAt, timeZone, birthday, spans));
        if (archetype == Archetype.DRIFTER && churnFrom < windowEnd && purchases > 0) {
            // A session begun just before the planted instant may end a few minutes after it.
            long silentFrom = Math.max(churnFrom, lastSessionEnd + 1);
            truth.accept(new ChurnTruth(id, archetype, lastPurchase, slowingFrom, silentFrom, meanGapDays, purchases));
        } else if (archetype == Archetype.ONE_TIME && purchases > 0) {
            truth.accept(new ChurnTruth(id, archetype, lastPurchase, lastPurchase, lastSessionEnd + 1, 0, purchases));
        }
    }

    int purchases() {
        return purchases;
    }
}
