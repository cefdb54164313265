package io.kairos.ingest;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.CustomerEventCodec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One validated customer event, as it flows into the keyed operator. Exactly one of the payload
 * fields is set. Flink serializes it with {@link CustomerEventSerializer} (the payload with its
 * Avro serializer), never with Kryo; it is never kept in state.
 */
@TypeInfo(CustomerEventTypeInfo.Factory.class)
public class CustomerEvent {
    public String customerId;
    public String eventId;
    /** Event time, epoch ms. */
    public long eventTime;
    /**
     * When the record was produced: its Kafka timestamp (epoch ms; the producer's clock, or the
     * broker's with LogAppendTime), 0 when unknown. Transport metadata, for latency measurement:
     * not part of the event, so not part of {@link #equals} (a replay is the same event).
     */
    public long producedAt;

    public ClickEvent click;
    public PurchaseEvent purchase;
    public CustomerUpdate update;
    public OfferResponse response;

    public CustomerEvent() {}

    public static CustomerEvent of(ClickEvent click) {
        CustomerEvent e = base(click.getCustomerId(), click.getEventId(), click.getEventTime());
        e.click = click;
        return e;
    }

    public static CustomerEvent of(PurchaseEvent purchase) {
        CustomerEvent e =
                base(purchase.getCustomerId(), purchase.getEventId(), purchase.getEventTime());
        e.purchase = purchase;
        return e;
    }

    public static CustomerEvent of(CustomerUpdate update) {
        CustomerEvent e = base(update.getCustomerId(), update.getEventId(), update.getEventTime());
        e.update = update;
        return e;
    }

    public static CustomerEvent of(OfferResponse response) {
        CustomerEvent e =
                base(response.getCustomerId(), response.getEventId(), response.getEventTime());
        e.response = response;
        return e;
    }

    /** Any of the four payloads, as {@link CustomerEventCodec} decodes them. */
    public static CustomerEvent of(SpecificRecord payload) {
        return switch (CustomerEventCodec.Kind.of(payload)) {
            case CLICK -> of((ClickEvent) payload);
            case PURCHASE -> of((PurchaseEvent) payload);
            case CUSTOMER_UPDATE -> of((CustomerUpdate) payload);
            case OFFER_RESPONSE -> of((OfferResponse) payload);
        };
    }

    private static CustomerEvent base(String customerId, String eventId, long eventTime) {
        CustomerEvent e = new CustomerEvent();
        e.customerId = customerId;
        e.eventId = eventId;
        e.eventTime = eventTime;
        return e;
    }

    /** The event type's name, for metrics and logs. */
    public String kind() {
        if (click != null) {
            return "click";
        } else if (purchase != null) {
            return "purchase";
        } else if (update != null) {
            return "customer-update";
        } else {
            return "offer-response";
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CustomerEvent)) {
            return false;
        }
        CustomerEvent that = (CustomerEvent) o;
        return eventTime == that.eventTime
                && Objects.equals(customerId, that.customerId)
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(click, that.click)
                && Objects.equals(purchase, that.purchase)
                && Objects.equals(update, that.update)
                && Objects.equals(response, that.response);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, eventId, eventTime);
    }

    @Override
    public String toString() {
        return kind() + "{" + customerId + ", " + eventId + ", t=" + eventTime
                + (producedAt > 0 ? ", produced=" + producedAt : "") + "}";
    }
}
