package io.kairos.decide;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.moments.CartAbandonment;
import io.kairos.moments.CrossSell;
import io.kairos.policy.ContactPolicy;
import io.kairos.state.CustomerState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The one keyed operator every customer event passes through (keyed by customerId): it keeps the
 * customer's state, detects the moments, applies the contact policy and emits the messages.
 * Because all of one customer's decisions are taken here, consent and cooldown are exact.
 *
 * <p>Each customer's events are decided in event-time order: an event waits in keyed state until
 * the watermark passes it (late events are decided at once). At start-up, events also wait for
 * the broadcast offer catalog.
 *
 * <p>The rules live in small classes ({@link CustomerProfile}, {@link CartAbandonment}, {@link
 * CrossSell}, {@link ContactPolicy}, {@link Messages}); this class loads and stores state, keeps
 * timers and counts.
 */
public class PersonalizationFunction
        extends KeyedBroadcastProcessFunction<String, CustomerEvent, CatalogUpdate, PersonalizedMessage> {
    private static final long serialVersionUID = 1L;

    static final ValueStateDescriptor<CustomerState> CUSTOMER =
            new ValueStateDescriptor<>("customer", TypeInformation.of(CustomerState.class));

    /** How often held keys check whether the catalog has arrived. */
    private static final long HOLD_POLL_MS = 200;
    /** A catalog that has not changed for this long is taken as loaded. */
    private static final long CATALOG_QUIET_MS = 500;

    private final PersonalizationSettings settings;
    private final CartAbandonment cartAbandonment;
    private final ContactPolicy policy;

    private transient ValueState<CustomerState> customer;
    /** productId -> last purchase time: what the customer owns, for "not bought yet". */
    private transient MapState<String, Long> purchasedProducts;
    /** offerId -> last time it was sent: for the cooldown. Entries expire after it. */
    private transient MapState<String, Long> lastSentByOffer;

    /**
     * Events waiting for the watermark, by event time. Clicks, purchases and profile updates come
     * from different topics that are read side by side at whatever speed; deciding each
     * customer's events in event-time order is what makes a replay at any speed take the
     * decisions the live run took (a consent given before a purchase counts for it).
     */
    private transient MapState<Long, List<CustomerEvent>> pendingEvents;

    /** Derived from broadcast state; rebuilt when the catalog changes or after a restore. */
    private transient OfferCatalog catalog;

    /**
     * Customer events that arrived before this subtask had the offer catalog. The catalog and
     * the events come from different sources, so after a fresh start (or a replay) the first
     * purchases could otherwise be decided against an empty catalog, and a replay would not
     * take the decisions the live run took. Held only at start-up; see {@link #catalogLoaded}.
     */
    private transient ListState<CustomerEvent> heldEvents;
    /**
     * Keys of this subtask that have held events. Once it is back to 0 (a few poll periods after
     * the catalog loaded), deciding an event no longer reads {@code held-events} at all. After a
     * restore it starts at 0: held events in the checkpoint have overdue poll timers, which fire
     * right away, long before the (not checkpointed) watermark lets any new event through.
     */
    private transient int keysHolding;
    private transient boolean catalogLoaded;
    private transient long openedAt;
    private transient long lastCatalogUpdateAt;

    private transient Map<Trigger, Map<Channel, Counter>> messagesSent;
    private transient Map<ContactPolicy.Suppression, Counter> suppressed;
    private transient Counter forgotten;
    private transient Counter catalogUpdates;
    private transient Counter lateEvents;

    public PersonalizationFunction(PersonalizationSettings settings) {
        this.settings = settings;
        this.cartAbandonment = new CartAbandonment(settings.cartAbandonmentDelay);
        this.policy = new ContactPolicy(settings.offerCooldown);
    }

    @Override
    public void open(OpenContext openContext) {
        customer = getRuntimeContext().getState(CUSTOMER);
        purchasedProducts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("purchased-products", Types.STRING, Types.LONG));
        MapStateDescriptor<String, Long> sent =
                new MapStateDescriptor<>("last-sent-by-offer", Types.STRING, Types.LONG);
        if (!settings.offerCooldown.isZero()) {
            // Past the cooldown an entry decides nothing; processing-time TTL is at least as long
            // in event time whenever event time runs as fast as the clock or faster (replays).
            sent.enableTimeToLive(StateTtlConfig.newBuilder(settings.offerCooldown).build());
        }
        lastSentByOffer = getRuntimeContext().getMapState(sent);
        heldEvents =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>("held-events", TypeInformation.of(CustomerEvent.class)));
        pendingEvents =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-events",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(CustomerEvent.class))));
        openedAt = -1; // set at the first event, in the timer service's clock
        catalogLoaded = false;

        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("kairos");
        messagesSent = new EnumMap<>(Trigger.class);
        for (Trigger trigger : Trigger.values()) {
            Map<Channel, Counter> byChannel = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                byChannel.put(
                        channel,
                        group.addGroup("trigger", trigger.name())
                                .addGroup("channel", channel.name())
                                .counter("messagesSent"));
            }
            messagesSent.put(trigger, byChannel);
        }
        suppressed = new EnumMap<>(ContactPolicy.Suppression.class);
        for (ContactPolicy.Suppression reason : ContactPolicy.Suppression.values()) {
            suppressed.put(reason, group.addGroup("suppression", reason.name()).counter("candidatesSuppressed"));
        }
        forgotten = group.counter("customersForgotten");
        catalogUpdates = group.counter("catalogUpdates");
        lateEvents = group.counter("lateEvents");
    }

    @Override
    public void processElement(CustomerEvent event, ReadOnlyContext ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        if (event.eventTime <= ctx.timerService().currentWatermark()) {
            // Behind the watermark: its place in the order has passed; decide it now.
            lateEvents.inc();
            ready(event, ctx, out);
            return;
        }
        List<CustomerEvent> atTime = pendingEvents.get(event.eventTime);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(event.eventTime);
        }
        atTime.add(event);
        pendingEvents.put(event.eventTime, atTime);
    }

    /** An event whose turn has come in event time; it still waits for the catalog at start-up. */
    private void ready(CustomerEvent event, ReadOnlyContext ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        if (!catalogLoaded(ctx)) {
            if (isEmpty(heldEvents.get())) {
                keysHolding++;
            }
            heldEvents.add(event);
            long now = ctx.timerService().currentProcessingTime();
            // One coalesced timer per key and poll period.
            ctx.timerService().registerProcessingTimeTimer((now / HOLD_POLL_MS + 1) * HOLD_POLL_MS);
            return;
        }
        if (keysHolding > 0) {
            releaseHeldEvents(ctx, out); // before this event: they came first in event time
        }
        decide(event, ctx, out);
    }

    /**
     * Whether this subtask may decide: the catalog restored from a checkpoint, or received and
     * quiet for a moment (the bootstrap catalog arrives as a burst), or the start-up wait is over
     * (an empty catalog must not hold events for ever).
     */
    private boolean catalogLoaded(ReadOnlyContext ctx) throws Exception {
        if (catalogLoaded) {
            return true;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (openedAt < 0) {
            openedAt = now;
        }
        boolean quiet = lastCatalogUpdateAt == 0 || now - lastCatalogUpdateAt >= CATALOG_QUIET_MS;
        if ((catalog(ctx).size() > 0 && quiet) || now - openedAt >= settings.catalogStartupWait.toMillis()) {
            catalogLoaded = true;
        }
        return catalogLoaded;
    }

    private void releaseHeldEvents(ReadOnlyContext ctx, Collector<PersonalizedMessage> out) throws Exception {
        Iterable<CustomerEvent> held = heldEvents.get();
        if (isEmpty(held)) {
            return;
        }
        heldEvents.clear();
        keysHolding = Math.max(0, keysHolding - 1);
        // Held events came from several topics in no particular order; deciding them in event
        // time order (stable for ties) lets a replay after a restart decide as the live run did,
        // e.g. a consent given a minute before a purchase counts for that purchase.
        List<CustomerEvent> inEventTimeOrder = new ArrayList<>();
        held.forEach(inEventTimeOrder::add);
        inEventTimeOrder.sort(Comparator.comparingLong(e -> e.eventTime));
        for (CustomerEvent event : inEventTimeOrder) {
            decide(event, ctx, out);
        }
    }

    private static boolean isEmpty(Iterable<CustomerEvent> events) {
        return events == null || !events.iterator().hasNext();
    }

    private void decide(CustomerEvent event, ReadOnlyContext ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        if (event.update != null && event.update.getType() == CustomerUpdateType.FORGET_ME) {
            forget(ctx);
            return;
        }
        CustomerState state = customer.value();
        if (state == null) {
            state = CustomerProfile.newCustomer(event.eventTime);
        }
        CustomerProfile.touch(state, event.eventTime);

        if (event.click != null) {
            onClick(event.click, state, ctx);
        } else if (event.purchase != null) {
            onPurchase(event.purchase, state, ctx, out);
        } else if (event.update != null) {
            CustomerProfile.applyUpdate(state, event.update);
        }
        // Offer responses only refresh "last seen" in this version; learning comes later.
        customer.update(state);
    }

    private void onClick(ClickEvent click, CustomerState state, ReadOnlyContext ctx) throws Exception {
        switch (click.getType()) {
            case ADD_TO_CART:
                CustomerProfile.addToCart(state, click);
                break;
            case REMOVE_FROM_CART:
                CustomerProfile.removeFromCart(state, click);
                break;
            default:
                break;
        }
        moveCartTimer(state, cartAbandonment.reminderDueAfter(click, state), ctx);
    }

    private void onPurchase(
            PurchaseEvent purchase, CustomerState state, ReadOnlyContext ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        CustomerProfile.applyPurchase(state, purchase);
        moveCartTimer(state, cartAbandonment.reminderDueAfterPurchase(state), ctx);
        for (OrderLine line : purchase.getLines()) {
            purchasedProducts.put(line.getProductId(), purchase.getEventTime());
        }

        for (CrossSell.Candidate candidate :
                CrossSell.candidates(purchase, catalog(ctx), this::owns)) {
            OfferCatalogEntry offer = candidate.offer;
            Optional<Channel> channel = permittedChannel(offer.getOfferId(), offer.getChannels(), state, purchase.getEventTime());
            if (channel.isPresent()) {
                emit(
                        Messages.crossSell(
                                ctx.getCurrentKey(), purchase, candidate, channel.get(), state,
                                settings.messageTtl.toMillis()),
                        out);
                return; // one message per moment
            }
        }
    }

    private boolean owns(String productId) {
        try {
            return purchasedProducts.contains(productId);
        } catch (Exception e) {
            throw new FlinkRuntimeException("cannot read purchased products from state", e);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (catalogLoaded(ctx)) {
                releaseHeldEvents(ctx, out);
            } else {
                ctx.timerService().registerProcessingTimeTimer(timestamp + HOLD_POLL_MS);
            }
            return;
        }
        List<CustomerEvent> due = pendingEvents.get(timestamp);
        if (due != null) {
            pendingEvents.remove(timestamp);
            for (CustomerEvent event : due) { // same event time: arrival order
                ready(event, ctx, out);
            }
        }
        CustomerState state = customer.value();
        if (state == null || !cartAbandonment.isDue(state, timestamp)) {
            return; // an event timer, or a reminder the cart has changed since
        }
        state.setCartReminderDueAt(0L);
        customer.update(state);
        Optional<Channel> channel =
                permittedChannel(CartAbandonment.OFFER_ID, settings.cartReminderChannels, state, timestamp);
        if (channel.isPresent()) {
            emit(
                    Messages.cartReminder(
                            ctx.getCurrentKey(), timestamp, settings.cartAbandonmentDelay.toMillis(),
                            channel.get(), state, settings.messageTtl.toMillis()),
                    out);
        }
    }

    /** Consent and cooldown; counts what it suppresses. */
    private Optional<Channel> permittedChannel(
            String offerId, java.util.List<Channel> preferred, CustomerState state, long now) throws Exception {
        if (!policy.cooledDown(lastSentByOffer.get(offerId), now)) {
            suppressed.get(ContactPolicy.Suppression.COOLDOWN).inc();
            return Optional.empty();
        }
        Optional<Channel> channel = policy.channelFor(preferred, state);
        if (channel.isEmpty()) {
            suppressed.get(ContactPolicy.Suppression.NO_CONSENT).inc();
        }
        return channel;
    }

    private void emit(PersonalizedMessage message, Collector<PersonalizedMessage> out) throws Exception {
        lastSentByOffer.put(message.getOfferId(), message.getCreatedAt());
        messagesSent.get(message.getTrigger()).get(message.getChannel()).inc();
        out.collect(message);
    }

    private void moveCartTimer(CustomerState state, long dueAt, ReadOnlyContext ctx) throws Exception {
        long current = state.getCartReminderDueAt();
        if (current == dueAt) {
            return;
        }
        if (current != 0) {
            deleteReminderTimer(current, ctx);
        }
        if (dueAt != 0) {
            ctx.timerService().registerEventTimeTimer(dueAt);
        }
        state.setCartReminderDueAt(dueAt);
    }

    /** Timers are one per key and instant: keep it if events are waiting for the same instant. */
    private void deleteReminderTimer(long dueAt, ReadOnlyContext ctx) throws Exception {
        if (!pendingEvents.contains(dueAt)) {
            ctx.timerService().deleteEventTimeTimer(dueAt);
        }
    }

    /** Right to be forgotten: every piece of this customer's state and their pending timer. */
    private void forget(ReadOnlyContext ctx) throws Exception {
        CustomerState state = customer.value();
        if (state != null && state.getCartReminderDueAt() != 0) {
            deleteReminderTimer(state.getCartReminderDueAt(), ctx);
        }
        customer.clear(); // held events were released before any event is decided
        purchasedProducts.clear();
        lastSentByOffer.clear();
        forgotten.inc();
    }

    private OfferCatalog catalog(ReadOnlyContext ctx) throws Exception {
        if (catalog == null) {
            catalog = OfferCatalog.of(ctx.getBroadcastState(OfferCatalog.DESCRIPTOR).immutableEntries());
        }
        return catalog;
    }

    @Override
    public void processBroadcastElement(CatalogUpdate update, Context ctx, Collector<PersonalizedMessage> out)
            throws Exception {
        BroadcastState<String, OfferCatalogEntry> offers = ctx.getBroadcastState(OfferCatalog.DESCRIPTOR);
        if (update.isWithdrawal()) {
            offers.remove(update.offerId);
        } else if (!update.isRejected()) {
            offers.put(update.offerId, update.entry);
        }
        catalogUpdates.inc();
        catalog = null;
        lastCatalogUpdateAt = ctx.currentProcessingTime();
    }
}
