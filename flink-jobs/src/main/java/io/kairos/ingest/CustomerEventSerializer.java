package io.kairos.ingest;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.types.StringValue;

/**
 * Flink's serializer of a {@link CustomerEvent} on the wire between operators: the ids and times,
 * then which payload is set and that payload with Flink's Avro serializer. Flink's POJO
 * serializer wrote the same, but for every event it read it first created all four Avro payload
 * records by reflection and then set three of them back to null: a tenth of the personalization
 * operator's time under {@code ./kairos bench-engine}.
 *
 * <p>For records in flight only. Its snapshot does not carry the payloads' Avro schemas, so a
 * {@code CustomerEvent} must never be kept in state (none is: each event is decided as it arrives).
 */
public final class CustomerEventSerializer extends TypeSerializer<CustomerEvent> {
    private static final long serialVersionUID = 1L;

    private static final byte NONE = -1;
    private static final byte CLICK = 0;
    private static final byte PURCHASE = 1;
    private static final byte UPDATE = 2;
    private static final byte RESPONSE = 3;

    // Avro's serializers keep an encoder and a decoder: one set per instance, see duplicate().
    private final AvroSerializer<ClickEvent> clicks = new AvroSerializer<>(ClickEvent.class);
    private final AvroSerializer<PurchaseEvent> purchases = new AvroSerializer<>(PurchaseEvent.class);
    private final AvroSerializer<CustomerUpdate> updates = new AvroSerializer<>(CustomerUpdate.class);
    private final AvroSerializer<OfferResponse> responses = new AvroSerializer<>(OfferResponse.class);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<CustomerEvent> duplicate() {
        return new CustomerEventSerializer();
    }

    @Override
    public CustomerEvent createInstance() {
        return new CustomerEvent();
    }

    @Override
    public CustomerEvent copy(CustomerEvent from) {
        CustomerEvent to = new CustomerEvent();
        to.customerId = from.customerId;
        to.eventId = from.eventId;
        to.eventTime = from.eventTime;
        to.producedAt = from.producedAt;
        to.click = from.click == null ? null : clicks.copy(from.click);
        to.purchase = from.purchase == null ? null : purchases.copy(from.purchase);
        to.update = from.update == null ? null : updates.copy(from.update);
        to.response = from.response == null ? null : responses.copy(from.response);
        return to;
    }

    @Override
    public CustomerEvent copy(CustomerEvent from, CustomerEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(CustomerEvent e, DataOutputView out) throws IOException {
        StringValue.writeString(e.customerId, out);
        StringValue.writeString(e.eventId, out);
        out.writeLong(e.eventTime);
        out.writeLong(e.producedAt);
        if (e.click != null) {
            out.writeByte(CLICK);
            clicks.serialize(e.click, out);
        } else if (e.purchase != null) {
            out.writeByte(PURCHASE);
            purchases.serialize(e.purchase, out);
        } else if (e.update != null) {
            out.writeByte(UPDATE);
            updates.serialize(e.update, out);
        } else if (e.response != null) {
            out.writeByte(RESPONSE);
            responses.serialize(e.response, out);
        } else {
            out.writeByte(NONE);
        }
    }

    @Override
    public CustomerEvent deserialize(DataInputView in) throws IOException {
        CustomerEvent e = new CustomerEvent();
        e.customerId = StringValue.readString(in);
        e.eventId = StringValue.readString(in);
        e.eventTime = in.readLong();
        e.producedAt = in.readLong();
        byte kind = in.readByte();
        switch (kind) {
            case CLICK:
                e.click = clicks.deserialize(in);
                break;
            case PURCHASE:
                e.purchase = purchases.deserialize(in);
                break;
            case UPDATE:
                e.update = updates.deserialize(in);
                break;
            case RESPONSE:
                e.response = responses.deserialize(in);
                break;
            case NONE:
                break;
            default:
                throw new IOException("unknown customer event payload kind " + kind);
        }
        return e;
    }

    @Override
    public CustomerEvent deserialize(CustomerEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerEventSerializer;
    }

    @Override
    public int hashCode() {
        return CustomerEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<CustomerEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration to keep: the serializer is always the same. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CustomerEvent> {
        public Snapshot() {
            super(CustomerEventSerializer::new);
        }
    }
}
