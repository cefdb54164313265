package io.kairos.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.events.Channel;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What goes from the keyed operator to the sink travels through Flink's POJO serializer (never
 * Kryo, which the job disables), with every kind and the cause's produce time intact.
 */
class RedisUpdateTypeTest {
    private static final long NOW = 1_900_000_000_000L;

    @Test
    void aRedisUpdateIsAPojoWithoutGenericFields() {
        PojoTypeInfo<?> info = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(RedisUpdate.class));
        for (int i = 0; i < info.getArity(); i++) {
            TypeInformation<?> field = info.getPojoFieldAt(i).getTypeInformation();
            assertFalse(field instanceof GenericTypeInfo,
                    "RedisUpdate." + info.getPojoFieldAt(i).getField().getName() + " is " + field);
        }
        assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(MessageWithdrawal.class));
    }

    @Test
    void everyKindAndTheCausesProduceTimeSurviveTheSerializer() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<RedisUpdate> serializer = TypeInformation.of(RedisUpdate.class).createSerializer(config);
        List<RedisUpdate> updates = List.of(
                RedisUpdate.message(RedisStoreITCase.message("m-1", "c-1", Channel.EMAIL, 0.5))
                        .withCauseProducedAt(NOW - 42),
                RedisUpdate.withdraw("c-1", Channel.SMS, NOW).withCauseProducedAt(NOW - 7),
                RedisUpdate.profile(RedisStoreITCase.profile("c-1", NOW, "TOP")),
                RedisUpdate.forget("c-2", NOW, NOW + 1000),
                RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "TOP", 3, NOW)));
        for (RedisUpdate update : updates) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(update, out);
            RedisUpdate back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertEquals(update, back, update.toString());
            assertEquals(update.causeProducedAt, back.causeProducedAt);
            assertEquals(update.customerId(), back.customerId());
        }
        RedisUpdate withdrawal = updates.get(1);
        assertEquals(new MessageWithdrawal("c-1", Channel.SMS, NOW), withdrawal.withdraw);
        assertEquals(NOW - 7, withdrawal.causeProducedAt);
        assertNull(withdrawal.message);
        assertEquals(0, updates.get(2).causeProducedAt, "unknown by default");
    }
}
