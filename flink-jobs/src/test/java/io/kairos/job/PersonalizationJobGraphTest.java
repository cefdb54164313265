package io.kairos.job;

import io.kairos.catalog.CatalogSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The job's graph as an operator upgrades it: every operator has its own stable uid, and the
 * job's configuration refuses an operator without one at submission, not at the first restore
 * from a savepoint (when it would be too late to keep its state).
 */
class PersonalizationJobGraphTest {
    private static final JobConfig CONFIG =
            JobConfig.fromMap(
                    Map.of("kairos.kafka.bootstrap-servers", "kafka:9092", "kairos.redis.uri", "redis://redis:6379"),
                    Map.of());

    @Test
    void everyOperatorOfTheJobHasADistinctUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CONFIG.flinkConfiguration());
        PersonalizationJob.wire(env, CONFIG, CatalogSnapshot.empty()); // no Kafka here
        Set<String> uids = new HashSet<>();
        for (Transformation<?> t : env.getTransformations()) {
            collectUids(t, uids);
        }
        JobGraph graph = env.getStreamGraph().getJobGraph();
        assertTrue(graph.getNumberOfVertices() > 0);
        assertTrue(uids.contains(PersonalizationPipeline.Uids.PERSONALIZATION), uids.toString());
        assertTrue(uids.contains(PersonalizationPipeline.Uids.CUSTOMER_EVENTS_SOURCE), uids.toString());
        assertEquals(JobConfig.MAX_PARALLELISM, env.getConfig().getMaxParallelism());
    }

    @Test
    void anOperatorWithoutAUidIsRefusedAtOnce() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CONFIG.flinkConfiguration());
        PersonalizationJob.wire(env, CONFIG, CatalogSnapshot.empty()); // no Kafka here
        env.fromData(1, 2, 3).uid("numbers").map(i -> i + 1).uid("plus-one").print().uid("print-1"); // all named
        env.getStreamGraph().getJobGraph();

        PersonalizationJob.wire(env, CONFIG, CatalogSnapshot.empty()); // no Kafka here
        env.fromData(1, 2, 3).uid("numbers-2").map(i -> i + 1).print().uid("print-2"); // the map has none
        Exception e = assertThrows(Exception.class, () -> env.getStreamGraph().getJobGraph());
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("uid"), e.getMessage());
    }

    private static void collectUids(Transformation<?> t, Set<String> uids) {
        if (t.getUid() != null) {
            uids.add(t.getUid());
        }
        for (Transformation<?> input : t.getInputs()) {
            collectUids(input, uids);
        }
    }
}
