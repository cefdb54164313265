package io.kairos.loadgen.replay;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.CustomerEventCodec;
import org.apache.avro.specific.SpecificRecord;

/**
 * The four kinds of customer event a recording holds, and how to read their event time and
 * customer from the generated class. On Kafka all of them go to one topic, in the envelope of
 * {@link CustomerEventCodec}.
 */
public enum EventKind {
    CLICK(ClickEvent.class),
    PURCHASE(PurchaseEvent.class),
    CUSTOMER_UPDATE(CustomerUpdate.class),
    OFFER_RESPONSE(OfferResponse.class);

    private final Class<? extends SpecificRecord> type;

    EventKind(Class<? extends SpecificRecord> type) {
        this.type = type;
    }

    public Class<? extends SpecificRecord> type() {
        return type;
    }

    /** A short lower-case name for counts: click, purchase, customer-update, offer-response. */
    public String label() {
        return CustomerEventCodec.Kind.valueOf(name()).label();
    }

    /** The kind of a wrapped event; an error for anything that is not a customer event. */
    public static EventKind of(Object event) {
        return valueOf(CustomerEventCodec.Kind.of(event).name());
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

    public static String eventId(Object event) {
        return switch (of(event)) {
            case CLICK -> ((ClickEvent) event).getEventId();
            case PURCHASE -> ((PurchaseEvent) event).getEventId();
            case CUSTOMER_UPDATE -> ((CustomerUpdate) event).getEventId();
            case OFFER_RESPONSE -> ((OfferResponse) event).getEventId();
        };
    }
}
