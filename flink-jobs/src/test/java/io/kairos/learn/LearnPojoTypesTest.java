package io.kairos.learn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** The learning branch's records and state go through Flink's POJO serializer, never Kryo. */
class LearnPojoTypesTest {
    private static void assertPojoWithoutGenericFields(Class<?> type) {
        PojoTypeInfo<?> info = assertInstanceOf(PojoTypeInfo.class, TypeInformation.of(type), type.getName());
        for (int i = 0; i < info.getArity(); i++) {
            TypeInformation<?> field = info.getPojoFieldAt(i).getTypeInformation();
            assertFalse(field instanceof GenericTypeInfo, type.getSimpleName() + "." + info.getPojoFieldAt(i).getField().getName() + " is " + field);
        }
    }

    @Test
    void recordsAreFlinkPojos() {
        assertPojoWithoutGenericFields(ResponseStats.class);
        assertPojoWithoutGenericFields(ItemPair.class);
        assertPojoWithoutGenericFields(ItemAssociations.class);
    }
}
