package io.kairos.decide;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerModel;
import io.kairos.customer.CustomerProfile;
import io.kairos.customer.PyramidThresholds;
import io.kairos.customer.StateSizeSampler;
import io.kairos.customer.ThresholdHistory;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.Channel;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import io.kairos.events.OfferResponse;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.SignalType;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.moments.CartAbandonment;
import io.kairos.learn.Associations;
import io.kairos.learn.ResponseRates;
import io.kairos.moments.VipThankYou;
import io.kairos.moments.WinBack;
import io.kairos.policy.AvroLists;
import io.kairos.policy.ContactPolicy;
import io.kairos.policy.CustomerZone;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.SendTiming;
import io.kairos.state.Contact;
import io.kairos.state.CustomerState;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.UUID;
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
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;

/**
 * The one keyed operator every customer event passes through (keyed by customerId): it keeps the
 * customer's profile, assesses lifecycle, value segment and churn risk, detects the moments,
 * applies the contact policy and emits what goes to Redis (messages, profiles, forgets) in the
 * order it happened, and the customer signals as a side output. Because all of one customer's
 * decisions are taken here, consent and cooldown are exact.
 *
 * <p>Churn is mostly silence, so the customer model keeps one event-time timer per customer, at
 * the next moment a detector would cross its warning level ({@link CustomerModel}); a silent
 * customer is assessed then, not at their next event.
 *
 * <p>Each customer's events are decided in event-time order: an event waits in keyed state until
 * the watermark passes it (late events are decided at once). At start-up, events also wait for
 * the broadcast offer catalog.
 *
 * <p>Every moment (a purchase, a full cart left, repeated views, a birthday, a churn signal, an
 * upgrade to the top segment, a consumable running out) goes through one {@link Decider}:
 * candidates, eligibility, score with Thompson sampling over the learned response rates,
 * contact policy, holdout. Each decision is audited ({@link #DECISIONS}); messages held for
 * quiet hours wait in keyed state and are checked again when released. Sends and conversions
 * (reported, or a purchase of the offered product within the attribution window) go out as
 * {@link #FEEDBACK}, which the learning branch turns into the response rates broadcast back here.
 *
 * <p>The rules live in small classes ({@link CustomerProfile}, {@link CartAbandonment}, the
 * {@code moments} and {@code policy} packages, {@link Decider}, {@link Messages}); this class
 * loads and stores state, keeps timers and counts.
 */
public class PersonalizationFunction
        extends KeyedBroadcastProcessFunction<String, CustomerEvent, ControlUpdate, RedisUpdate> {
    private static final long serialVersionUID = 1L;

    static final ValueStateDescriptor<CustomerState> CUSTOMER =
            new ValueStateDescriptor<>("customer", TypeInformation.of(CustomerState.class));

    /** Pyramid moves, lifecycle transitions, churn risk entered and cleared. */
    public static final OutputTag<CustomerSignal> SIGNALS =
            new OutputTag<>("customer-signals", TypeInformation.of(CustomerSignal.class));

    /** Every decision, whatever came of it: the audit trail (topic 'decisions'). */
    public static final OutputTag<Decision> DECISIONS =
            new OutputTag<>("decisions", TypeInformation.of(Decision.class));

    /** Offers sent and converted per segment: the closed loop's input (topic 'offer-feedback'). */
    public static final OutputTag<OfferFeedback> FEEDBACK =
            new OutputTag<>("offer-feedback", TypeInformation.of(OfferFeedback.class));

    /** Broadcast state: value pyramid thresholds by the event time they are valid from. */
    public static final MapStateDescriptor<Long, PyramidThresholds> THRESHOLDS =
            new MapStateDescriptor<>("pyramid-thresholds", Types.LONG, TypeInformation.of(PyramidThresholds.class));

    /** Every broadcast state of the control input, in the order the pipeline declares them. */
    public static final List<MapStateDescriptor<?, ?>> BROADCAST_STATES =
            List.of(
                    OfferCatalog.DESCRIPTOR,
                    OfferCatalog.VERSION_DESCRIPTOR,
                    THRESHOLDS,
                    ResponseRates.DESCRIPTOR,
                    Associations.DESCRIPTOR);

    /** How long a bought product counts as owned for "not bought yet". */
    static final java.time.Duration PURCHASED_PRODUCTS_TTL = java.time.Duration.ofDays(365);
    /** One profile in this many is encoded to estimate the state per customer (a metric). */
    private static final int STATE_SIZE_SAMPLE_EVERY = 128;

    /** Thresholds kept: late events look up the ones valid at their time. */
    static final int THRESHOLDS_KEPT = 8;

    /** How often held keys check whether the catalog has arrived. */
    private static final long HOLD_POLL_MS = 200;
    /** A catalog that has not changed for this long is taken as loaded. */
    private static final long CATALOG_QUIET_MS = 500;

    private final PersonalizationSettings settings;
    private final DecisionSettings rules;
    private final CartAbandonment cartAbandonment;
    private final CustomerModel model;
    private final Decider decider;

    private transient ValueState<CustomerState> customer;
    /**
     * Set by a forget-me: the event time of the forget. Until the forget retention has passed,
     * events for this id are dropped, so that late or replayed events do not bring data back.
     */
    private transient ValueState<Long> forgottenAt;
    /** productId -> last purchase time: what the customer owns, for "not bought yet". */
    private transient MapState<String, Long> purchasedProducts;
    /** offerId -> last time it was sent: for the cooldown. Entries expire after it. */
    private transient MapState<String, Long> lastSentByOffer;
    /**
     * Messages held by quiet hours or for the customer's best hour, by send time. Released by the
     * event-time timer at that instant, after consent and suppression are checked again.
     */
    private transient MapState<Long, List<PersonalizedMessage>> deferredMessages;

    /**
     * Events waiting for the watermark, by event time. Clicks, purchases and profile updates come
     * from different topics that are read side by side at whatever speed; deciding each
     * customer's events in event-time order is what makes a replay at any speed take the
     * decisions the live run took (a consent given before a purchase counts for it).
     */
    private transient MapState<Long, List<CustomerEvent>> pendingEvents;

    /** Derived from broadcast state; rebuilt when the catalog changes or after a restore. */
    private transient OfferCatalog catalog;
    private transient ThresholdHistory thresholds;

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
    private transient Map<ContactPolicy.Suppression, Counter> decisionsSuppressed;
    private transient Map<DecisionOutcome, Counter> decisionsByOutcome;
    private transient Counter conversionsAttributed;
    private transient Counter responseStatsUpdates;
    private transient Counter associationUpdates;
    private transient Counter forgotten;
    private transient Counter forgottenEventsDropped;
    private transient Counter customersExpired;
    private transient Counter customersReset;
    private transient Counter catalogUpdates;
    private transient Counter thresholdUpdates;
    private transient Counter lateEvents;
    private transient Counter profilesPublished;
    private transient Map<SignalType, Counter> signalCounters;
    private transient Histogram decisionLatency;
    private transient StateSizeSampler stateSize;

    public PersonalizationFunction(PersonalizationSettings settings) {
        this.settings = settings;
        this.rules = settings.decisions;
        this.cartAbandonment = new CartAbandonment(settings.cartAbandonmentDelay);
        this.model = new CustomerModel(settings.customerModel);
        this.decider = new Decider(settings.decisions);
    }

    @Override
    public void open(OpenContext openContext) {
        customer = getRuntimeContext().getState(CUSTOMER);
        forgottenAt = getRuntimeContext().getState(new ValueStateDescriptor<>("forgotten-at", Types.LONG));
        MapStateDescriptor<String, Long> owned =
                new MapStateDescriptor<>("purchased-products", Types.STRING, Types.LONG);
        // Bounded for heavy buyers: an accessory for something bought over a year ago is fair
        // to offer again. Processing-time TTL (the only kind Flink has) is at least as long in
        // event time whenever event time runs as fast as the clock or faster, as in a replay.
        owned.enableTimeToLive(StateTtlConfig.newBuilder(PURCHASED_PRODUCTS_TTL).build());
        purchasedProducts = getRuntimeContext().getMapState(owned);
        MapStateDescriptor<String, Long> sent =
                new MapStateDescriptor<>("last-sent-by-offer", Types.STRING, Types.LONG);
        if (!settings.offerCooldown.isZero()) {
            // Past the cooldown an entry decides nothing; processing-time TTL is at least as long
            // in event time whenever event time runs as fast as the clock or faster (replays).
            sent.enableTimeToLive(StateTtlConfig.newBuilder(settings.offerCooldown).build());
        }
        lastSentByOffer = getRuntimeContext().getMapState(sent);
        deferredMessages =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "deferred-messages",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(PersonalizedMessage.class))));
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
        // Per decision: the rule that stopped the best candidate (what "suppressed by" means in
        // the audit), next to the per-candidate counts above.
        decisionsSuppressed = new EnumMap<>(ContactPolicy.Suppression.class);
        for (ContactPolicy.Suppression reason : ContactPolicy.Suppression.values()) {
            decisionsSuppressed.put(reason, group.addGroup("suppression", reason.name()).counter("decisionsSuppressed"));
        }
        decisionsByOutcome = new EnumMap<>(DecisionOutcome.class);
        for (DecisionOutcome outcome : DecisionOutcome.values()) {
            decisionsByOutcome.put(outcome, group.addGroup("outcome", outcome.name()).counter("decisions"));
        }
        conversionsAttributed = group.counter("conversionsAttributed");
        responseStatsUpdates = group.counter("responseStatsUpdates");
        associationUpdates = group.counter("associationUpdates");
        forgotten = group.counter("customersForgotten");
        forgottenEventsDropped = group.counter("forgottenEventsDropped");
        customersExpired = group.counter("customersExpired");
        customersReset = group.counter("customersReset");
        catalogUpdates = group.counter("catalogUpdates");
        thresholdUpdates = group.counter("pyramidThresholdUpdates");
        lateEvents = group.counter("lateEvents");
        profilesPublished = group.counter("profilesPublished");
        signalCounters = new EnumMap<>(SignalType.class);
        for (SignalType type : SignalType.values()) {
            signalCounters.put(type, group.addGroup("signal", type.name()).counter("signals"));
        }
        // Wall time to decide one event (state reads, model, moments, policy), over the last
        // 2048 events of the subtask: the operator's share of the end-to-end latency.
        decisionLatency = group.histogram("decisionLatencyMicros", new DescriptiveStatisticsHistogram(2048));
        stateSize = new StateSizeSampler(STATE_SIZE_SAMPLE_EVERY);
        group.gauge("customerStateBytes", stateSize);
    }

    @Override
    public void processElement(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out)
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
    private void ready(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out)
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

    private void releaseHeldEvents(ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
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
        // The watermark may have moved on while they were held: what their timers would have
        // done in between (a review, a cart reminder) happens now, in event time order.
        long watermark = ctx.timerService().currentWatermark();
        for (CustomerEvent event : inEventTimeOrder) {
            fireDueUpTo(Math.min(event.eventTime - 1, watermark), ctx, out);
            decide(event, ctx, out);
        }
        fireDueUpTo(watermark, ctx, out);
    }

    private static boolean isEmpty(Iterable<CustomerEvent> events) {
        return events == null || !events.iterator().hasNext();
    }

    private void decide(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        long started = System.nanoTime();
        decideTimed(event, ctx, out);
        decisionLatency.update((System.nanoTime() - started) / 1_000);
    }

    private void decideTimed(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        Long forgotAt = forgottenAt.value();
        if (forgotAt != null) {
            if (event.eventTime < forgotAt + settings.customerModel.forgetRetention.toMillis()) {
                forgottenEventsDropped.inc(); // within the retention window: nothing comes back
                return;
            }
            forgottenAt.clear();
        }
        if (event.update != null && event.update.getType() == CustomerUpdateType.FORGET_ME) {
            forget(event.eventTime, ctx, out);
            return;
        }
        if (event.update != null && event.update.getType() == CustomerUpdateType.RESET) {
            reset(event, ctx, out);
            return;
        }
        CustomerState state = customer.value();
        if (state == null) {
            state = CustomerProfile.newCustomer(event.eventTime);
        }
        model.observe(state, event);
        FrequencyCaps.prune(state, event.eventTime, contactsKept());
        rules.responseSuppression.prune(state, event.eventTime);

        if (event.click != null) {
            onClick(event, state, ctx, out);
        } else if (event.purchase != null) {
            onPurchase(event.purchase, state, ctx, out);
        } else if (event.response != null) {
            onResponse(event.response, state, ctx);
        }
        if (event.update != null || (state.getBirthday() != null && state.getNextBirthdayAt() == 0)) {
            // The birthday or time zone may have changed; or the state predates birthday timers.
            moveBirthdayTimer(state, event.eventTime, ctx);
        }
        // Assessed at the event's own time (never the watermark, which depends on replay speed),
        // and never backwards for a late event: what was seen at a later time stays seen.
        assess(state, Math.max(event.eventTime, state.getDecayedAsOf()), event.eventId, ctx, out);
        customer.update(state);
        stateSize.written(state);
    }

    /** Contacts are kept for the weekly caps and for attributing purchases to them. */
    private java.time.Duration contactsKept() {
        java.time.Duration week = java.time.Duration.ofDays(7);
        return rules.attributionWindow.compareTo(week) > 0 ? rules.attributionWindow : week;
    }

    /**
     * Lifecycle, segment and churn risk at {@code time}: signals for what changed (a churn risk
     * entered is a win-back moment, a move to the top segment a thank-you), the Redis profile if
     * it changed, and the review timer moved to the next moment worth a look.
     */
    private void assess(CustomerState state, long time, String cause, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        CustomerModel.Outcome outcome =
                model.assess(ctx.getCurrentKey(), state, time, thresholds(ctx).validAt(time), cause);
        for (CustomerSignal signal : outcome.signals) {
            signalCounters.get(signal.getType()).inc();
            ctx.output(SIGNALS, signal);
        }
        if (outcome.profile != null) {
            profilesPublished.inc();
            out.collect(RedisUpdate.profile(outcome.profile));
        }
        moveReviewTimer(state, outcome.nextReviewAt == Long.MAX_VALUE ? 0 : outcome.nextReviewAt, ctx);
        for (CustomerSignal signal : outcome.signals) {
            if (WinBack.isMoment(signal)) {
                Optional<Moment> m = Moments.winBack(signal, state, catalog(ctx));
                if (m.isPresent()) {
                    decideMoment(m.get(), state, ctx, out);
                }
            } else if (VipThankYou.isMoment(signal)) {
                Optional<Moment> m = Moments.vipThankYou(signal, catalog(ctx));
                if (m.isPresent()) {
                    decideMoment(m.get(), state, ctx, out);
                }
            }
        }
    }

    private void onClick(CustomerEvent event, CustomerState state, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        moveCartTimer(state, cartAbandonment.reminderDueAfter(event.click, state), ctx);
        state.setLastChannel(SendTiming.channelOfDevice(event.click.getDevice()));
        if (event.click.getType() == ClickType.PRODUCT_VIEW) {
            Optional<String> intent = rules.browseIntent.observeView(state, event.click);
            if (intent.isPresent()) {
                Optional<Moment> m = Moments.browseIntent(intent.get(), event.eventId, event.eventTime, catalog(ctx));
                if (m.isPresent()) {
                    decideMoment(m.get(), state, ctx, out);
                }
            }
        }
    }

    private void onPurchase(
            PurchaseEvent purchase, CustomerState state, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        moveCartTimer(state, cartAbandonment.reminderDueAfterPurchase(state), ctx);
        attributeConversions(purchase, state, ctx);
        rules.browseIntent.onPurchase(state, purchase);
        OfferCatalog offers = catalog(ctx);
        Map<String, Long> boughtBefore = new java.util.HashMap<>();
        for (OrderLine line : purchase.getLines()) {
            Long before = purchasedProducts.get(line.getProductId());
            if (before != null && before < purchase.getEventTime()) {
                boughtBefore.put(line.getProductId(), before);
            }
        }
        rules.replenishment.onPurchase(state, purchase, offers::repurchaseDays, boughtBefore::get);
        registerIfSet(rules.replenishment.nextDueAt(state), ctx);
        for (OrderLine line : purchase.getLines()) {
            purchasedProducts.put(line.getProductId(), purchase.getEventTime());
        }
        Optional<Moment> crossSell =
                Moments.crossSell(purchase, offers, associations(ctx), this::owns);
        if (crossSell.isPresent()) {
            decideMoment(crossSell.get(), state, ctx, out);
        }
    }

    /**
     * A purchase of a product we offered within the attribution window converts that offer:
     * learning counts a success, the offer is suppressed for a while, the channel and hour count
     * as responsive. Held-out decisions are not attributed here (nothing was sent); their
     * purchases are what the uplift report compares against.
     */
    private void attributeConversions(PurchaseEvent purchase, CustomerState state, ReadOnlyContext ctx) {
        long t = purchase.getEventTime();
        java.util.Set<String> bought = new java.util.HashSet<>();
        for (OrderLine line : purchase.getLines()) {
            bought.add(line.getProductId());
        }
        for (Contact contact : state.getRecentContacts()) {
            if (contact.getHoldout() || contact.getConverted() || contact.getProductId() == null
                    || !bought.contains(contact.getProductId())) {
                continue;
            }
            if (t >= contact.getAt() && t - contact.getAt() <= rules.attributionWindow.toMillis()) {
                converted(contact, state, t, purchase.getEventId(), ctx);
            }
        }
    }

    private void converted(Contact contact, CustomerState state, long t, String cause, ReadOnlyContext ctx) {
        contact.setConverted(true);
        conversionsAttributed.inc();
        if (!CartAbandonment.OFFER_ID.equals(contact.getOfferId())) {
            // A converted cart reminder ends that cart, not the next one: every cart is a moment.
            rules.responseSuppression.onConverted(state, contact.getOfferId(), t);
        }
        SendTiming.recordResponse(state, Channel.valueOf(contact.getChannel()), t, zoneOf(state), rules.channelStatsHalfLife);
        ctx.output(FEEDBACK, feedback(contact.getOfferId(), contact.getSegment(), contact.getTrigger(), t, FeedbackType.CONVERTED, cause));
    }

    /** What a channel reported: opened or clicked counts for the channel, dismissed and converted for the offer. */
    private void onResponse(OfferResponse response, CustomerState state, ReadOnlyContext ctx) {
        long t = response.getEventTime();
        Contact contact = null;
        for (Contact c : state.getRecentContacts()) {
            if (response.getMessageId().equals(c.getMessageId())) {
                contact = c;
            }
        }
        switch (response.getType()) {
            case OPENED:
            case CLICKED:
                SendTiming.recordResponse(state, response.getChannel(), t, zoneOf(state), rules.channelStatsHalfLife);
                break;
            case CONVERTED:
                if (contact != null && !contact.getConverted() && !contact.getHoldout()) {
                    converted(contact, state, t, response.getEventId(), ctx);
                } else if (contact == null && !CartAbandonment.OFFER_ID.equals(response.getOfferId())) {
                    // Older than the contacts we keep: the offer still converted.
                    rules.responseSuppression.onConverted(state, response.getOfferId(), t);
                }
                break;
            case DISMISSED:
                rules.responseSuppression.onDismissed(state, response.getOfferId(), t);
                break;
            default:
                break;
        }
    }

    private ZoneId zoneOf(CustomerState state) {
        return CustomerZone.of(state, rules.defaultZone);
    }

    private boolean owns(String productId) {
        try {
            return purchasedProducts.contains(productId);
        } catch (Exception e) {
            throw new FlinkRuntimeException("cannot read purchased products from state", e);
        }
    }

    /** One decision for one moment: audited always, sent, held, or held out. */
    private void decideMoment(Moment moment, CustomerState state, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        OfferCatalog offers = catalog(ctx);
        Decider.Verdict verdict =
                decider.decide(
                        ctx.getCurrentKey(), moment, state, rates(ctx), this::lastSent, settings.messageTtl.toMillis());
        decisionsByOutcome.get(verdict.outcome).inc();
        for (ContactPolicy.Suppression rule : verdict.blocked) {
            suppressed.get(rule).inc();
        }
        PersonalizedMessage message = null;
        switch (verdict.outcome) {
            case SENT:
                message = Messages.forVerdict(ctx.getCurrentKey(), moment, verdict, state, offers.version(), settings.messageTtl.toMillis());
                lastSentByOffer.put(message.getOfferId(), moment.at);
                recordContact(state, message, false);
                send(message, state, ctx, out);
                break;
            case DEFERRED:
                message = Messages.forVerdict(ctx.getCurrentKey(), moment, verdict, state, offers.version(), settings.messageTtl.toMillis());
                lastSentByOffer.put(message.getOfferId(), moment.at);
                recordContact(state, message, false); // counts toward the caps of its send time now
                List<PersonalizedMessage> atTime = deferredMessages.get(verdict.sendAt);
                if (atTime == null) {
                    atTime = new ArrayList<>(1);
                    ctx.timerService().registerEventTimeTimer(verdict.sendAt);
                }
                atTime.add(message);
                deferredMessages.put(verdict.sendAt, atTime);
                break;
            case HOLDOUT:
                // Treated like a send in everything but the sending: the same cooldown, so that
                // the control group sees the same number of decisions as the treated customers.
                message = Messages.forVerdict(ctx.getCurrentKey(), moment, verdict, state, offers.version(), settings.messageTtl.toMillis());
                lastSentByOffer.put(message.getOfferId(), moment.at);
                recordContact(state, message, true);
                message = null; // nothing sent: the audit record carries no message id
                break;
            case SUPPRESSED:
                decisionsSuppressed.get(verdict.suppressedBy).inc();
                break;
            default:
                break;
        }
        ctx.output(DECISIONS, Decisions.of(ctx.getCurrentKey(), moment, verdict, state, offers.version(), message));
    }

    private Long lastSent(String offerId) {
        try {
            return lastSentByOffer.get(offerId);
        } catch (Exception e) {
            throw new FlinkRuntimeException("cannot read last-sent-by-offer from state", e);
        }
    }

    private void recordContact(CustomerState state, PersonalizedMessage m, boolean holdout) {
        FrequencyCaps.record(
                state,
                Contact.newBuilder()
                                .setOfferId(m.getOfferId())
                                .setChannel(m.getChannel().name())
                                .setTrigger(m.getTrigger().name())
                                .setAt(m.getSendAt())
                                .setMessageId(m.getMessageId())
                                .setProductId(m.getProductId())
                                .setSegment(m.getSegment())
                                .setDecidedAt(m.getCreatedAt())
                                .setCountsTowardCaps(!holdout && !m.getTransactional())
                                .setHoldout(holdout)
                                .build(),
                m.getCreatedAt(),
                contactsKept());
    }

    /** The message goes to Redis now: counted, fed back as a trial of the offer. */
    private void send(PersonalizedMessage message, CustomerState state, ReadOnlyContext ctx, Collector<RedisUpdate> out) {
        SendTiming.recordSent(state, message.getChannel(), message.getSendAt(), rules.channelStatsHalfLife);
        messagesSent.get(message.getTrigger()).get(message.getChannel()).inc();
        ctx.output(
                FEEDBACK,
                feedback(message.getOfferId(), message.getSegment(), message.getTrigger().name(),
                        message.getSendAt(), FeedbackType.SENT, message.getMessageId()));
        out.collect(RedisUpdate.message(message));
    }

    private static OfferFeedback feedback(
            String offerId, String segment, String trigger, long at, FeedbackType type, String cause) {
        String id = offerId + '|' + type + '|' + cause;
        return OfferFeedback.newBuilder()
                .setFeedbackId(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString())
                .setOfferId(offerId)
                .setSegment(segment == null ? "PROSPECT" : segment)
                .setTrigger(triggerOf(trigger))
                .setEventTime(at)
                .setType(type)
                .build();
    }

    private static Trigger triggerOf(String name) {
        try {
            return Trigger.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Trigger.UNKNOWN;
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (catalogLoaded(ctx)) {
                releaseHeldEvents(ctx, out);
            } else {
                ctx.timerService().registerProcessingTimeTimer(timestamp + HOLD_POLL_MS);
            }
            return;
        }
        // One timer per key and instant serves several purposes: events waiting for the
        // watermark, the cart reminder, the customer model's review, the end of a forget window,
        // a birthday, a replenishment reminder, messages held for quiet hours.
        List<CustomerEvent> due = pendingEvents.get(timestamp);
        if (due != null) {
            pendingEvents.remove(timestamp);
            for (CustomerEvent event : due) { // same event time: arrival order
                ready(event, ctx, out);
            }
        }
        Long forgotAt = forgottenAt.value();
        if (forgotAt != null && timestamp >= forgotAt + settings.customerModel.forgetRetention.toMillis()) {
            forgottenAt.clear();
        }
        fireDue(timestamp, ctx, out);
        releaseDeferred(timestamp, ctx, out);
    }

    /** What came due at {@code timestamp}: the cart reminder, the review, a birthday, replenishments. */
    private void fireDue(long timestamp, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        CustomerState state = customer.value();
        if (state == null) {
            return;
        }
        if (cartAbandonment.isDue(state, timestamp)) {
            remindOfCart(state, timestamp, ctx, out);
        }
        if (state.getNextBirthdayAt() == timestamp) {
            rules.birthday.greeted(state, timestamp);
            state.setNextBirthdayAt(0L);
            Optional<Moment> m = Moments.birthday(timestamp, catalog(ctx));
            if (m.isPresent()) {
                decideMoment(m.get(), state, ctx, out);
            }
            moveBirthdayTimer(state, timestamp, ctx);
            customer.update(state);
        }
        List<String> replenish = rules.replenishment.due(state, timestamp);
        if (!replenish.isEmpty()) {
            for (String product : replenish) {
                Long dueAt = state.getReplenishDue().get(product);
                rules.replenishment.reminded(state, product);
                Optional<Moment> m = Moments.replenishment(product, dueAt == null ? timestamp : dueAt, catalog(ctx));
                if (m.isPresent()) {
                    decideMoment(m.get(), state, ctx, out);
                }
            }
            registerIfSet(rules.replenishment.nextDueAt(state), ctx);
            customer.update(state);
        }
        if (state.getNextReviewAt() == timestamp) {
            state.setNextReviewAt(0L);
            if (timestamp >= model.retentionEndsAt(state)) {
                // Silent for the whole retention: gone for good. Their Redis profile has expired.
                dropCustomer(ctx);
                customersExpired.inc();
                return;
            }
            assess(state, timestamp, "timer:review", ctx, out);
            customer.update(state);
        }
    }

    /**
     * Messages held until {@code timestamp} go out now, unless a rule that changed meanwhile
     * stops them: consent revoked, or a suppression after a conversion or dismissals. Caps were
     * counted at the send time when the message was held, so they hold as they are.
     */
    private void releaseDeferred(long timestamp, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        List<PersonalizedMessage> held = deferredMessages.get(timestamp);
        if (held == null) {
            return;
        }
        deferredMessages.remove(timestamp);
        CustomerState state = customer.value();
        if (state == null) {
            return; // forgotten or reset: dropCustomer cleared them already
        }
        for (PersonalizedMessage message : held) {
            ContactPolicy.Suppression stop = null;
            if (!CustomerProfile.hasConsent(state, message.getChannel())) {
                stop = ContactPolicy.Suppression.NO_CONSENT;
            } else {
                stop = rules.responseSuppression
                        .check(state, message.getOfferId(), message.getTransactional(), timestamp)
                        .orElse(null);
            }
            if (stop == null) {
                send(message, state, ctx, out);
            } else {
                suppressed.get(stop).inc();
                decisionsSuppressed.get(stop).inc();
                AvroLists.removeIf(state.getRecentContacts(), c -> message.getMessageId().equals(c.getMessageId()));
            }
            ctx.output(DECISIONS, Decisions.released(message, state, timestamp, stop));
        }
        customer.update(state);
    }

    /**
     * Fires, in time order, what came due up to {@code limit}: the cart reminder, the review,
     * birthdays and replenishments. Needed where events are decided outside the event-time
     * timer loop (released after the start-up hold): the timers they set may already be behind
     * the watermark, and Flink would fire them only on the next watermark, which at the end of a
     * replay never comes.
     */
    private void fireDueUpTo(long limit, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        long last = Long.MIN_VALUE;
        while (true) {
            CustomerState state = customer.value();
            if (state == null) {
                return;
            }
            long next = Long.MAX_VALUE;
            if (state.getNextReviewAt() != 0) {
                next = state.getNextReviewAt();
            }
            if (state.getCartReminderDueAt() != 0 && !state.getCart().isEmpty()) {
                next = Math.min(next, state.getCartReminderDueAt());
            }
            if (state.getNextBirthdayAt() != 0) {
                next = Math.min(next, state.getNextBirthdayAt());
            }
            long replenish = rules.replenishment.nextDueAt(state);
            if (replenish != 0) {
                next = Math.min(next, replenish);
            }
            if (next > limit || next <= last) { // nothing due, or nothing moved on: done
                return;
            }
            last = next;
            fireDue(next, ctx, out);
        }
    }

    private void remindOfCart(CustomerState state, long timestamp, ReadOnlyContext ctx, Collector<RedisUpdate> out)
            throws Exception {
        state.setCartReminderDueAt(0L);
        decideMoment(
                Moments.cartAbandonment(
                        timestamp, settings.cartAbandonmentDelay.toMillis(), settings.cartReminderChannels, state),
                state, ctx, out);
        customer.update(state);
    }

    private void moveCartTimer(CustomerState state, long dueAt, ReadOnlyContext ctx) throws Exception {
        long current = state.getCartReminderDueAt();
        if (current == dueAt) {
            return;
        }
        state.setCartReminderDueAt(dueAt);
        if (current != 0) {
            deleteTimerUnlessNeeded(current, state, ctx);
        }
        if (dueAt != 0) {
            ctx.timerService().registerEventTimeTimer(dueAt);
        }
    }

    private void moveReviewTimer(CustomerState state, long dueAt, ReadOnlyContext ctx) throws Exception {
        long current = state.getNextReviewAt();
        if (current == dueAt) {
            return;
        }
        state.setNextReviewAt(dueAt);
        if (current != 0) {
            deleteTimerUnlessNeeded(current, state, ctx);
        }
        if (dueAt != 0) {
            ctx.timerService().registerEventTimeTimer(dueAt);
        }
    }

    /** The next birthday greeting after {@code now}, if the customer told us their birthday. */
    private void moveBirthdayTimer(CustomerState state, long now, ReadOnlyContext ctx) throws Exception {
        long next = rules.birthday.nextGreetingAt(state, now);
        long current = state.getNextBirthdayAt();
        if (next == current) {
            return;
        }
        state.setNextBirthdayAt(next);
        if (current != 0) {
            deleteTimerUnlessNeeded(current, state, ctx);
        }
        registerIfSet(next, ctx);
    }

    private static void registerIfSet(long at, ReadOnlyContext ctx) {
        if (at != 0) {
            ctx.timerService().registerEventTimeTimer(at); // idempotent per key and instant
        }
    }

    /**
     * Timers are one per key and instant: delete one only if nothing else still needs that
     * instant (events waiting for it, the cart reminder, the review, a birthday, a replenishment,
     * held messages, the end of a forget window). Call after the state no longer points at
     * {@code at} for the purpose being moved.
     */
    private void deleteTimerUnlessNeeded(long at, CustomerState state, ReadOnlyContext ctx) throws Exception {
        boolean needed = pendingEvents.contains(at) || deferredMessages.contains(at);
        if (state != null) {
            needed |= state.getCartReminderDueAt() == at
                    || state.getNextReviewAt() == at
                    || state.getNextBirthdayAt() == at
                    || state.getReplenishDue().containsValue(at);
        }
        Long forgotAt = forgottenAt.value();
        needed |= forgotAt != null && forgotAt + settings.customerModel.forgetRetention.toMillis() == at;
        if (!needed) {
            ctx.timerService().deleteEventTimeTimer(at);
        }
    }

    /**
     * Right to be forgotten: every piece of this customer's state and their timers, a tombstone
     * that keeps them forgotten for the retention window, and the Redis keys.
     */
    private void forget(long at, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        dropCustomer(ctx);
        long retentionUntil = at + settings.customerModel.forgetRetention.toMillis();
        forgottenAt.update(at);
        ctx.timerService().registerEventTimeTimer(retentionUntil);
        out.collect(RedisUpdate.forget(ctx.getCurrentKey(), at, retentionUntil));
        forgotten.inc();
    }

    /**
     * An operator's reset of one customer (runbook: "Reset a customer"): what the engine learned
     * is dropped with its timers, what the customer told us stays, and the fresh profile is
     * published. Unlike a forget-me, later events are welcome and rebuild the customer.
     */
    private void reset(CustomerEvent event, ReadOnlyContext ctx, Collector<RedisUpdate> out) throws Exception {
        CustomerState old = customer.value();
        dropCustomer(ctx);
        customersReset.inc();
        if (old == null) {
            return;
        }
        CustomerState fresh = CustomerProfile.resetKeepingWhatTheyToldUs(old, event.eventTime);
        fresh.setNextBirthdayAt(0L);
        moveBirthdayTimer(fresh, event.eventTime, ctx);
        assess(fresh, event.eventTime, event.eventId, ctx, out);
        customer.update(fresh);
    }

    /**
     * Clears all of the customer's state and timers, and the messages held for them (a forget-me
     * must not be followed by a message). Held and pending events stay: they decide themselves.
     */
    private void dropCustomer(ReadOnlyContext ctx) throws Exception {
        CustomerState state = customer.value();
        customer.clear();
        List<Long> heldAt = new ArrayList<>();
        for (Iterator<Long> it = deferredMessages.keys().iterator(); it.hasNext(); ) {
            heldAt.add(it.next());
        }
        deferredMessages.clear();
        if (state != null) {
            List<Long> timers = new ArrayList<>(heldAt);
            timers.add(state.getCartReminderDueAt());
            timers.add(state.getNextReviewAt());
            timers.add(state.getNextBirthdayAt());
            timers.addAll(state.getReplenishDue().values());
            for (long at : timers) {
                if (at != 0) {
                    deleteTimerUnlessNeeded(at, null, ctx);
                }
            }
        }
        purchasedProducts.clear();
        lastSentByOffer.clear();
    }

    private OfferCatalog catalog(ReadOnlyContext ctx) throws Exception {
        if (catalog == null) {
            Long version = ctx.getBroadcastState(OfferCatalog.VERSION_DESCRIPTOR).get(OfferCatalog.VERSION_KEY);
            catalog =
                    OfferCatalog.of(
                            ctx.getBroadcastState(OfferCatalog.DESCRIPTOR).immutableEntries(),
                            version == null ? 0 : version);
        }
        return catalog;
    }

    /** Learned response rates: a view that reads broadcast state per lookup, no copy. */
    private ResponseRates rates(ReadOnlyContext ctx) {
        return ResponseRates.over(ctx.getBroadcastState(ResponseRates.DESCRIPTOR));
    }

    /** Learned co-purchases: a view that reads broadcast state per lookup, no copy. */
    private Associations associations(ReadOnlyContext ctx) {
        return Associations.over(ctx.getBroadcastState(Associations.DESCRIPTOR));
    }

    private ThresholdHistory thresholds(ReadOnlyContext ctx) throws Exception {
        if (thresholds == null) {
            thresholds = ThresholdHistory.of(ctx.getBroadcastState(THRESHOLDS).immutableEntries());
        }
        return thresholds;
    }

    @Override
    public void processBroadcastElement(ControlUpdate control, Context ctx, Collector<RedisUpdate> out)
            throws Exception {
        if (control.responseStats != null) {
            ResponseRates.apply(ctx.getBroadcastState(ResponseRates.DESCRIPTOR), control.responseStats);
            responseStatsUpdates.inc();
            return;
        }
        if (control.associations != null) {
            Associations.apply(ctx.getBroadcastState(Associations.DESCRIPTOR), control.associations);
            associationUpdates.inc();
            return;
        }
        if (control.thresholds != null) {
            BroadcastState<Long, PyramidThresholds> kept = ctx.getBroadcastState(THRESHOLDS);
            kept.put(control.thresholds.validFrom, control.thresholds);
            ThresholdHistory history = ThresholdHistory.of(kept.immutableEntries());
            if (history.size() > THRESHOLDS_KEPT) {
                // Late events look up the pyramid of their own time; beyond the kept ones the
                // oldest kept stands for all earlier times (see ThresholdHistory#validAt).
                List<Long> drop = new ArrayList<>();
                history.beyondNewest(THRESHOLDS_KEPT).forEach(drop::add);
                for (Long validFrom : drop) {
                    kept.remove(validFrom);
                }
                ThresholdHistory remaining = ThresholdHistory.of(kept.immutableEntries());
                Long oldest = remaining.oldestValidFrom();
                if (oldest != null && oldest != Long.MIN_VALUE) {
                    kept.put(Long.MIN_VALUE, kept.get(oldest));
                    kept.remove(oldest);
                }
            }
            thresholds = null;
            thresholdUpdates.inc();
            return;
        }
        CatalogUpdate update = control.catalog;
        if (update.isRejected()) {
            return; // a dead letter already; the offer the engine has stays in place
        }
        BroadcastState<String, OfferCatalogEntry> offers = ctx.getBroadcastState(OfferCatalog.DESCRIPTOR);
        if (update.isWithdrawal()) {
            offers.remove(update.offerId);
        } else {
            offers.put(update.offerId, update.entry);
        }
        BroadcastState<String, Long> version = ctx.getBroadcastState(OfferCatalog.VERSION_DESCRIPTOR);
        Long current = version.get(OfferCatalog.VERSION_KEY);
        version.put(OfferCatalog.VERSION_KEY, Math.max(current == null ? 0 : current, update.version));
        catalogUpdates.inc();
        catalog = null;
        lastCatalogUpdateAt = ctx.currentProcessingTime();
    }
}
