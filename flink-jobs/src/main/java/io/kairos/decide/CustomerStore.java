package io.kairos.decide;

import io.kairos.events.OrderLine;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.PurchaseEvent;
import io.kairos.state.CustomerState;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The keyed state of one customer, behind names that say what each piece is for. The profile
 * ({@code customer}) is read once and written once per turn by the operator, through a {@link
 * CustomerCache} when the operator gives one; the maps are read only when a rule needs them (owned
 * products on a purchase, cooldowns in a decision, held messages when one falls due). State names
 * are part of every savepoint: never rename one.
 */
public final class CustomerStore {
    static final ValueStateDescriptor<CustomerState> CUSTOMER =
            new ValueStateDescriptor<>("customer", TypeInformation.of(CustomerState.class));

    /** How long a bought product counts as owned for "not bought yet". */
    static final Duration PURCHASED_PRODUCTS_TTL = Duration.ofDays(365);

    private final ValueState<CustomerState> customer;
    /** Set by a forget-me: its event time. Until the retention has passed, events are dropped. */
    private final ValueState<Long> forgottenAt;
    /** productId -> last purchase time: what the customer owns, for "not bought yet". */
    private final MapState<String, Long> purchasedProducts;
    /** offerId -> last time it was sent: for the cooldown. Entries expire after it. */
    private final MapState<String, Long> lastSentByOffer;
    /** Messages held by quiet hours or for the customer's best hour, by send time. */
    private final MapState<Long, List<PersonalizedMessage>> heldMessages;
    /** Null without a cache: every turn then reads and writes keyed state. */
    private final CustomerCache cache;
    /** The operator's key, switched to write an evicted record under its own customer. */
    private final KeyContext keys;
    /** Every record the cache writes to keyed state: evicted, idle, or before a barrier. */
    private final Counter writtenBack;

    CustomerStore(RuntimeContext context, Duration offerCooldown) {
        this(context, offerCooldown, null, null, null);
    }

    CustomerStore(
            RuntimeContext context, Duration offerCooldown, CustomerCache cache, KeyContext keys, Counter writtenBack) {
        this.cache = cache;
        this.keys = keys;
        this.writtenBack = writtenBack;
        if (cache != null && keys == null) {
            throw new IllegalArgumentException("a customer cache needs the operator's key context to write back");
        }
        Layout layout = new Layout(offerCooldown);
        customer = context.getState(layout.customer);
        forgottenAt = context.getState(layout.forgottenAt);
        purchasedProducts = context.getMapState(layout.purchasedProducts);
        lastSentByOffer = context.getMapState(layout.lastSentByOffer);
        heldMessages = context.getMapState(layout.heldMessages);
    }

    /**
     * The descriptors of a customer's state, in one place: the operator registers them, and a
     * reader of a savepoint (the erasure test) reads every one of them with the same types and
     * time-to-live, as restoring requires.
     */
    public static final class Layout {
        public final ValueStateDescriptor<CustomerState> customer = CUSTOMER;
        public final ValueStateDescriptor<Long> forgottenAt = new ValueStateDescriptor<>("forgotten-at", Types.LONG);
        public final MapStateDescriptor<String, Long> purchasedProducts =
                new MapStateDescriptor<>("purchased-products", Types.STRING, Types.LONG);
        public final MapStateDescriptor<String, Long> lastSentByOffer =
                new MapStateDescriptor<>("last-sent-by-offer", Types.STRING, Types.LONG);
        public final MapStateDescriptor<Long, List<PersonalizedMessage>> heldMessages =
                new MapStateDescriptor<>(
                        "deferred-messages", Types.LONG, Types.LIST(TypeInformation.of(PersonalizedMessage.class)));

        public Layout(Duration offerCooldown) {
            // Bounded for heavy buyers: an accessory for something bought over a year ago is fair
            // to offer again. Processing-time TTL (the only kind Flink has) is at least as long in
            // event time whenever event time runs as fast as the clock or faster, as in a replay.
            purchasedProducts.enableTimeToLive(StateTtlConfig.newBuilder(PURCHASED_PRODUCTS_TTL).build());
            if (!offerCooldown.isZero()) {
                // Past the cooldown an entry decides nothing.
                lastSentByOffer.enableTimeToLive(StateTtlConfig.newBuilder(offerCooldown).build());
            }
        }

        public List<StateDescriptor<?, ?>> all() {
            return List.of(customer, forgottenAt, purchasedProducts, lastSentByOffer, heldMessages);
        }
    }

    CustomerState load(String customerId) {
        CustomerState cached = cache == null ? null : cache.get(customerId);
        return cached != null ? cached : read(customer::value);
    }

    void save(String customerId, CustomerState state) {
        if (cache == null) {
            run(() -> customer.update(state));
        } else {
            cache.put(customerId, state, System.nanoTime(), this::writeUnderItsKey);
        }
    }

    /** Every cached record to keyed state: before a checkpoint barrier and at the end of input. */
    void writeBack() {
        if (cache != null) {
            cache.drain(this::writeUnderItsKey);
        }
    }

    private void writeUnderItsKey(String customerId, CustomerState state) {
        Object current = keys.getCurrentKey();
        keys.setCurrentKey(customerId);
        try {
            run(() -> customer.update(state));
            writtenBack.inc();
        } finally {
            if (current != null) {
                keys.setCurrentKey(current);
            }
        }
    }

    Long forgottenAt() {
        return read(forgottenAt::value);
    }

    void forgotten(Long at) {
        run(() -> {
            if (at == null) {
                forgottenAt.clear();
            } else {
                forgottenAt.update(at);
            }
        });
    }

    Long lastBought(String productId) {
        return read(() -> purchasedProducts.get(productId));
    }

    void recordPurchase(PurchaseEvent purchase) {
        for (OrderLine line : purchase.getLines()) {
            run(() -> purchasedProducts.put(line.getProductId(), purchase.getEventTime()));
        }
    }

    Long lastSent(String offerId) {
        return read(() -> lastSentByOffer.get(offerId));
    }

    void sent(String offerId, long at) {
        run(() -> lastSentByOffer.put(offerId, at));
    }

    List<PersonalizedMessage> heldAt(long sendAt) {
        return read(() -> heldMessages.get(sendAt));
    }

    void hold(long sendAt, List<PersonalizedMessage> messages) {
        run(() -> {
            if (messages == null || messages.isEmpty()) {
                heldMessages.remove(sendAt);
            } else {
                heldMessages.put(sendAt, messages);
            }
        });
    }

    /** Everything of the customer but the forget tombstone. */
    void clearCustomer(String customerId) {
        if (cache != null) {
            cache.remove(customerId);
        }
        customer.clear();
        heldMessages.clear();
        purchasedProducts.clear();
        lastSentByOffer.clear();
    }

    private interface StateRead<T> {
        T get() throws Exception;
    }

    private interface StateWrite {
        void run() throws Exception;
    }

    private static <T> T read(StateRead<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            throw new FlinkRuntimeException("cannot read keyed state", e);
        }
    }

    private static void run(StateWrite write) {
        try {
            write.run();
        } catch (Exception e) {
            throw new FlinkRuntimeException("cannot write keyed state", e);
        }
    }
}
