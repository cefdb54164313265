package io.kairos.learn;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Harnesses for the learning functions, opened fresh or from a snapshot. */
final class Harnesses {
    private Harnesses() {}

    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> function, KeySelector<I, String> key, OperatorSubtaskState snapshot)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.STRING);
        h.setup();
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    /** The output records with their timestamps, without the watermarks. */
    @SuppressWarnings("unchecked")
    static <O> List<StreamRecord<O>> records(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        return h.getOutput().stream()
                .filter(e -> e instanceof StreamRecord)
                .map(e -> (StreamRecord<O>) e)
                .collect(Collectors.toList());
    }
}
