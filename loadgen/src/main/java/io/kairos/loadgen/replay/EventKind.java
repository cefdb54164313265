package io.kairos.loadgen.replay;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.DecodeResult;
import io.kairos.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * The four kinds of customer event a recording holds, each with its default topic and how to
 * read its event time and customer from the generated class.
 */
public enum EventKind {
    CLICK(Topics.CLICKS, ClickEvent.class),
    PURCHASE(Topics.PURCHASES, PurchaseEvent.class),
    CUSTOMER_UPDATE(Topics.CUSTOMER_UPDATES, CustomerUpdate.class),
    OFFER_RESPONSE(Topics.OFFER_RESPONSES, OfferResponse.class);

    private final String defaultTopic;
    private final Class<? extends SpecificRecord> type;

    EventKind(String defaultTopic, Class<? extends SpecificRecord> type) {
        this.defaultTopic = defaultTopic;
        this.type = type;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public Class<? extends SpecificRecord> type() {
        return type;
    }

    /** The kind of a wrapped event; an error for anything that is not a customer event. */
    public static EventKind of(Object event) {
        if (event instanceof ClickEvent) {
            return CLICK;
        } else if (event instanceof PurchaseEvent) {
            return PURCHASE;
        } else if (event instanceof CustomerUpdate) {
            return CUSTOMER_UPDATE;
        } else if (event instanceof OfferResponse) {
            return OFFER_RESPONSE;
        }
        throw new IllegalArgumentException(
                "not a customer event: " + (event == null ? "null" : event.getClass().getName()));
    }

    /** The kind whose default topic this is, or null. */
    public static EventKind ofDefaultTopic(String topic) {
        for (EventKind kind : values()) {
            if (kind.defaultTopic.equals(topic)) {
                return kind;
            }
        }
        return null;
    }

    public static long eventTime(Object event) {
        return switch (of(event)) {
            case CLICK -> ((ClickEvent) event).getEventTime();
            case PURCHASE -> ((PurchaseEvent) event).getEventTime();
            case CUSTOMER_UPDATE -> ((CustomerUpdate) event).getEventTime();
            case OFFER_RESPONSE -> ((OfferResponse) event).getEventTime();
        };
    }

    public static String customerId(Object event) {
        return switch (of(event)) {
            case CLICK -> ((ClickEvent) event).getCustomerId();
            case PURCHASE -> ((PurchaseEvent) event).getCustomerId();
            case CUSTOMER_UPDATE -> ((CustomerUpdate) event).getCustomerId();
            case OFFER_RESPONSE -> ((OfferResponse) event).getCustomerId();
        };
    }

    /** A codec per kind, for the single-object encoding the topics carry. Not thread-safe to build. */
    public static final class Codecs {
        private final AvroCodec<ClickEvent> clicks = AvroCodec.of(ClickEvent.class);
        private final AvroCodec<PurchaseEvent> purchases = AvroCodec.of(PurchaseEvent.class);
        private final AvroCodec<CustomerUpdate> updates = AvroCodec.of(CustomerUpdate.class);
        private final AvroCodec<OfferResponse> responses = AvroCodec.of(OfferResponse.class);

        public byte[] encode(Object event) {
            return switch (of(event)) {
                case CLICK -> clicks.encode((ClickEvent) event);
                case PURCHASE -> purchases.encode((PurchaseEvent) event);
                case CUSTOMER_UPDATE -> updates.encode((CustomerUpdate) event);
                case OFFER_RESPONSE -> responses.encode((OfferResponse) event);
            };
        }

        public DecodeResult<? extends SpecificRecord> decode(EventKind kind, byte[] value) {
            return switch (kind) {
                case CLICK -> clicks.decode(value);
                case PURCHASE -> purchases.decode(value);
                case CUSTOMER_UPDATE -> updates.decode(value);
                case OFFER_RESPONSE -> responses.decode(value);
            };
        }
    }
}
