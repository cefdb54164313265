package io.kairos.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/** What a savepoint holds per customer in one keyed operator, read with the State Processor API. */
final class SavepointStates {
    private SavepointStates() {}

    /**
     * Customer id to the names of the states that hold anything for them ("timer" for a pending
     * event-time timer), in the operator with {@code uid}. The descriptors must be the operator's
     * own (names, types, time-to-live), as for a restore.
     */
    static Map<String, Set<String>> customerStates(String savepoint, String uid, List<StateDescriptor<?, ?>> descriptors)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SavepointReader reader = SavepointReader.read(env, savepoint, new HashMapStateBackend());
        DataStream<Tuple2<String, String>> rows = reader.readKeyedState(
                OperatorIdentifier.forUid(uid), new NonEmptyStates(descriptors), Types.STRING, Types.TUPLE(Types.STRING, Types.STRING));
        Map<String, Set<String>> byCustomer = new TreeMap<>();
        try (CloseableIterator<Tuple2<String, String>> it = rows.executeAndCollect()) {
            it.forEachRemaining(row -> byCustomer.computeIfAbsent(row.f0, k -> new TreeSet<>()).add(row.f1));
        }
        return byCustomer;
    }

    /** For each key: the name of every registered state that is not empty, and "timer". */
    private static final class NonEmptyStates extends KeyedStateReaderFunction<String, Tuple2<String, String>> {
        private final List<StateDescriptor<?, ?>> descriptors;
        private transient List<ValueState<?>> values;
        private transient List<MapState<?, ?>> maps;

        NonEmptyStates(List<StateDescriptor<?, ?>> descriptors) {
            this.descriptors = new ArrayList<>(descriptors);
        }

        @Override
        public void open(OpenContext context) {
            values = new ArrayList<>();
            maps = new ArrayList<>();
            for (StateDescriptor<?, ?> d : descriptors) {
                if (d instanceof ValueStateDescriptor<?> v) {
                    values.add(getRuntimeContext().getState(v));
                } else if (d instanceof MapStateDescriptor<?, ?> m) {
                    maps.add(getRuntimeContext().getMapState(m));
                } else {
                    throw new IllegalArgumentException("no reader for " + d);
                }
            }
        }

        @Override
        public void readKey(String key, Context context, Collector<Tuple2<String, String>> out) throws Exception {
            int v = 0;
            int m = 0;
            for (StateDescriptor<?, ?> d : descriptors) {
                boolean held = d instanceof ValueStateDescriptor
                        ? values.get(v++).value() != null
                        : maps.get(m++).keys().iterator().hasNext();
                if (held) {
                    out.collect(Tuple2.of(key, d.getName()));
                }
            }
            if (!context.registeredEventTimeTimers().isEmpty()) {
                out.collect(Tuple2.of(key, "timer"));
            }
        }
    }
}
