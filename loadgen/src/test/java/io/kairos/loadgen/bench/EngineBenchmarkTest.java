package io.kairos.loadgen.bench;

import io.kairos.catalog.CatalogSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.job.JobConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The benchmark's variants are real, submittable jobs (every operator has a uid); its figures come from running it. */
class EngineBenchmarkTest {
    private static final JobConfig CONFIG = JobConfig.fromMap(
            Map.of("kairos.kafka.bootstrap-servers", "kafka:9092", "kairos.redis.uri", "redis://redis:6379"), Map.of());

    @Test
    void everyVariantBuildsAJobGraphAndOnlyTheEngineOnesAreTheEngine() {
        for (String variant : List.of("bare", "engine-discard", "engine-redis", "engine-heap")) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CONFIG.flinkConfiguration());
            boolean engine = EngineBenchmark.wire(variant, env, CONFIG, CatalogSnapshot.empty());
            assertEquals(!variant.equals("bare"), engine, variant);
            assertTrue(env.getStreamGraph().getJobGraph().getNumberOfVertices() > 1, variant);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(CONFIG.flinkConfiguration());
        assertThrows(Exception.class, () -> EngineBenchmark.wire("engine-fast", env, CONFIG, CatalogSnapshot.empty()));
    }

    @Test
    void readsAProcesssCpuTimeFromProc() {
        double seconds = EngineBenchmark.processCpuSeconds(ProcessHandle.current().pid());
        assertTrue(seconds > 0, "this JVM has used CPU: " + seconds);
        assertEquals(0.0, EngineBenchmark.processCpuSeconds(-1));
    }
}
