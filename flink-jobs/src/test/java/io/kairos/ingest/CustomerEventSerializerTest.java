package io.kairos.ingest;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kairos.events.Channel;
import io.kairos.events.OfferResponseType;
import io.kairos.testing.TestEvents;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CustomerEventSerializerTest {
    private final TypeSerializer<CustomerEvent> serializer =
            TypeInformation.of(CustomerEvent.class).createSerializer(new SerializerConfigImpl());

    private static List<CustomerEvent> everyKind() {
        CustomerEvent produced = CustomerEvent.of(TestEvents.purchaseWorth("c-2", T0 + 1, 49.5));
        produced.producedAt = T0 + 7;
        return List.of(
                CustomerEvent.of(TestEvents.addToCart("c-1", "p-1", 30, T0)),
                produced,
                CustomerEvent.of(TestEvents.consent("c-3", Channel.EMAIL, T0 + 2)),
                CustomerEvent.of(TestEvents.response("c-4", "m-1", "offer-1", Channel.PUSH, OfferResponseType.CLICKED, T0 + 3)));
    }

    @Test
    void everyStreamOfCustomerEventsGetsThisSerializer() {
        assertInstanceOf(CustomerEventTypeInfo.class, TypeInformation.of(CustomerEvent.class));
        assertInstanceOf(CustomerEventSerializer.class, serializer);
    }

    @Test
    void everyKindOfEventComesBackWhole() throws IOException {
        List<CustomerEvent> events = everyKind(); // ids are drawn anew on every call
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (CustomerEvent e : events) {
            serializer.serialize(e, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (CustomerEvent e : events) {
            CustomerEvent back = serializer.deserialize(in);
            assertEquals(e, back);
            assertEquals(e.kind(), back.kind());
            assertEquals(e.producedAt, back.producedAt); // not part of equals
        }
        assertEquals(0, in.available());
    }

    @Test
    void aCopyIsDeepAndACopyOfBytesReadsTheSame() throws IOException {
        for (CustomerEvent e : everyKind()) {
            CustomerEvent copy = serializer.copy(e);
            assertEquals(e, copy);
            assertEquals(e.producedAt, copy.producedAt);
            if (e.click != null) {
                assertNotSame(e.click, copy.click);
            }
            DataOutputSerializer first = new DataOutputSerializer(64);
            serializer.serialize(e, first);
            DataOutputSerializer second = new DataOutputSerializer(64);
            serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
            assertEquals(e, serializer.deserialize(new DataInputDeserializer(second.getCopyOfBuffer())));
        }
    }

    @Test
    void anEmptyEventAndAnUnknownKindAreTold() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(new CustomerEvent(), out);
        CustomerEvent back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertNull(back.customerId);
        assertNull(back.click);
        byte[] bytes = out.getCopyOfBuffer();
        bytes[bytes.length - 1] = 9;
        IOException e = assertThrows(IOException.class, () -> serializer.deserialize(new DataInputDeserializer(bytes)));
        assertEquals("unknown customer event payload kind 9", e.getMessage());
    }

    @Test
    void itsSnapshotRestoresTheSameSerializer() throws IOException {
        TypeSerializerSnapshot<CustomerEvent> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<CustomerEvent> read = new CustomerEventSerializer.Snapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(serializer, read.restoreSerializer());
        assertNotSame(serializer, serializer.duplicate());
    }
}
