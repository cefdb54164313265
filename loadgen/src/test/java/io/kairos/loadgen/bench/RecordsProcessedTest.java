package io.kairos.loadgen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.LongStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** The benchmark's count of records an operator processed, on a real local cluster at parallelism 2. */
class RecordsProcessedTest {
    @Test
    void countsEveryRecordAnOperatorTookInOverAllItsSubtasks() throws Exception {
        Configuration flink = new Configuration();
        RecordsProcessed.addTo(flink);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
        env.fromData(LongStream.range(0, 1_000).boxed().toArray(Long[]::new)).uid("numbers")
                .rebalance()
                .map(n -> n + 1).uid("plus-one").name("plus-one")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        JobExecutionResult result = env.execute("records-processed");
        assertEquals(1_000, RecordsProcessed.of(result.getJobID(), "plus-one"));
        assertEquals(0, RecordsProcessed.of(result.getJobID(), "no-such-operator"));
    }
}
