package io.kairos.testing;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Readable test data: events at named instants, with unique event ids. */
public final class TestEvents {
    /** A fixed moment all test timelines start from. */
    public static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();

    public static final long ONE_MINUTE = Duration.ofMinutes(1).toMillis();
    public static final long ONE_HOUR = Duration.ofHours(1).toMillis();
    public static final long ONE_DAY = Duration.ofDays(1).toMillis();

    private static final AtomicLong SEQ = new AtomicLong();

    private TestEvents() {}

    public static String nextId(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    public static ClickEvent click(String customer, ClickType type, long at) {
        return ClickEvent.newBuilder()
                .setEventId(nextId("click"))
                .setEventTime(at)
                .setCustomerId(customer)
                .setType(type)
                .build();
    }

    public static ClickEvent addToCart(String customer, String product, double price, long at) {
        ClickEvent e = click(customer, ClickType.ADD_TO_CART, at);
        e.setProductId(product);
        e.setQuantity(1);
        e.setUnitPrice(price);
        e.setCategory("cat-" + product);
        return e;
    }

    public static ClickEvent removeFromCart(String customer, String product, long at) {
        ClickEvent e = click(customer, ClickType.REMOVE_FROM_CART, at);
        e.setProductId(product);
        return e;
    }

    public static PurchaseEvent purchase(String customer, long at, String... products) {
        List<OrderLine> lines =
                Arrays.stream(products)
                        .map(
                                p ->
                                        OrderLine.newBuilder()
                                                .setProductId(p)
                                                .setCategory("cat-" + p)
                                                .setQuantity(1)
                                                .setUnitPrice(100.0)
                                                .build())
                        .collect(java.util.stream.Collectors.toList());
        return PurchaseEvent.newBuilder()
                .setEventId(nextId("purchase"))
                .setEventTime(at)
                .setCustomerId(customer)
                .setOrderId(nextId("order"))
                .setLines(lines)
                .build();
    }

    /** A one-line order of {@code amount}. */
    public static PurchaseEvent purchaseWorth(String customer, long at, double amount) {
        PurchaseEvent p = purchase(customer, at, "item");
        p.getLines().get(0).setUnitPrice(amount);
        return p;
    }

    public static ClickEvent productView(String customer, String session, String category, long at) {
        ClickEvent e = click(customer, ClickType.PRODUCT_VIEW, at);
        e.setSessionId(session);
        e.setProductId("p-" + category);
        e.setCategory(category);
        return e;
    }

    public static CustomerUpdate complaint(String customer, long at) {
        return update(customer, CustomerUpdateType.COMPLAINT, at).build();
    }

    public static CustomerUpdate consent(String customer, Channel channel, long at) {
        return update(customer, CustomerUpdateType.CONSENT_GRANTED, at).setChannelAnd(channel);
    }

    public static CustomerUpdate revoke(String customer, Channel channel, long at) {
        return update(customer, CustomerUpdateType.CONSENT_REVOKED, at).setChannelAnd(channel);
    }

    public static CustomerUpdate reset(String customer, long at) {
        return update(customer, CustomerUpdateType.RESET, at).build();
    }

    public static CustomerUpdate forgetMe(String customer, long at) {
        return update(customer, CustomerUpdateType.FORGET_ME, at).build();
    }

    public static CustomerUpdate registration(String customer, String firstName, long at) {
        Builder b = update(customer, CustomerUpdateType.REGISTRATION, at);
        b.builder.setFirstName(firstName);
        return b.build();
    }

    public static CustomerUpdate birthday(String customer, String birthday, long at) {
        Builder b = update(customer, CustomerUpdateType.BIRTHDAY, at);
        b.builder.setBirthday(birthday);
        return b.build();
    }

    public static CustomerUpdate timeZone(String customer, String zone, long at) {
        Builder b = update(customer, CustomerUpdateType.TIME_ZONE, at);
        b.builder.setTimeZone(zone);
        return b.build();
    }

    /** A channel's report of what became of a message. */
    public static io.kairos.events.OfferResponse response(
            String customer, String messageId, String offerId, Channel channel,
            io.kairos.events.OfferResponseType type, long at) {
        return io.kairos.events.OfferResponse.newBuilder()
                .setEventId(nextId("response"))
                .setEventTime(at)
                .setCustomerId(customer)
                .setMessageId(messageId)
                .setOfferId(offerId)
                .setChannel(channel)
                .setType(type)
                .build();
    }

    /** A product view of a named product. */
    public static ClickEvent viewOf(String customer, String product, String category, long at) {
        ClickEvent e = click(customer, ClickType.PRODUCT_VIEW, at);
        e.setProductId(product);
        e.setCategory(category);
        return e;
    }

    /** An offer that answers the given moments. */
    public static OfferCatalogEntry.Builder offerFor(String offerId, List<Channel> channels, io.kairos.events.Trigger... triggers) {
        return OfferCatalogEntry.newBuilder()
                .setOfferId(offerId)
                .setTitle("Offer " + offerId)
                .setChannels(channels)
                .setTriggers(Arrays.asList(triggers))
                .setValue(10.0)
                .setPriorityWeight(1.0)
                .setUpdatedAt(T0);
    }

    private static Builder update(String customer, CustomerUpdateType type, long at) {
        return new Builder(
                CustomerUpdate.newBuilder()
                        .setEventId(nextId("update"))
                        .setEventTime(at)
                        .setCustomerId(customer)
                        .setType(type));
    }

    private static final class Builder {
        final CustomerUpdate.Builder builder;

        Builder(CustomerUpdate.Builder builder) {
            this.builder = builder;
        }

        CustomerUpdate setChannelAnd(Channel channel) {
            return builder.setChannel(channel).build();
        }

        CustomerUpdate build() {
            return builder.build();
        }
    }

    /** An offer for {@code accessory} that complements the given products. */
    public static OfferCatalogEntry accessoryOffer(
            String accessory, double weight, List<Channel> channels, String... forProducts) {
        return OfferCatalogEntry.newBuilder()
                .setOfferId("offer-" + accessory)
                .setTitle("Add a " + accessory)
                .setProductId(accessory)
                .setCategory("accessories")
                .setAccessoryFor(Arrays.asList(forProducts))
                .setChannels(channels)
                .setValue(10.0)
                .setPriorityWeight(weight)
                .setUpdatedAt(T0)
                .build();
    }
}
