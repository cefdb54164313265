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
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.BroadcastPartitioner;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
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

    /**
     * The catalog is one partition, read by one source subtask, and each change carries its
     * version (offset + 1); the keyed operator takes the highest version applied as how far it
     * has read. That only holds if the changes reach every subtask in topic order: one upstream
     * subtask and forward edges from the source to the broadcast. A catalog map at the default
     * parallelism behind a rebalance let version 112 of a 112-offer catalog arrive before some
     * earlier offers, and decisions in that moment used the incomplete live catalog as complete
     * (ReplayDeterminismITCase: a first cross-sell with 1 of its 4 candidates).
     */
    @Test
    void catalogChangesReachTheBroadcastFromOneSubtaskInTopicOrder() {
        Map<String, String> options = new java.util.HashMap<>(
                Map.of("kairos.kafka.bootstrap-servers", "kafka:9092", "kairos.redis.uri", "redis://redis:6379"));
        options.put("parallelism.default", "4");
        JobConfig config = JobConfig.fromMap(options, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        PersonalizationJob.wire(env, config, CatalogSnapshot.empty()); // no Kafka here
        StreamGraph graph = env.getStreamGraph();
        StreamNode source = node(graph, PersonalizationPipeline.Uids.OFFER_CATALOG_SOURCE);
        StreamNode control = node(graph, PersonalizationPipeline.Uids.OFFER_CATALOG_SOURCE + "-control");
        assertEquals(1, source.getParallelism());
        assertEquals(1, control.getParallelism());
        assertEquals(1, control.getInEdges().size());
        StreamEdge in = control.getInEdges().get(0);
        assertEquals(source.getId(), in.getSourceId());
        assertTrue(in.getPartitioner() instanceof ForwardPartitioner, in.getPartitioner().toString());
        for (StreamEdge out : control.getOutEdges()) {
            assertTrue(out.getPartitioner() instanceof BroadcastPartitioner, out.getPartitioner().toString());
            assertEquals(node(graph, PersonalizationPipeline.Uids.PERSONALIZATION).getId(), out.getTargetId());
        }
    }

    private static StreamNode node(StreamGraph graph, String uid) {
        return graph.getStreamNodes().stream()
                .filter(n -> uid.equals(n.getTransformationUID()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no operator with uid " + uid));
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
