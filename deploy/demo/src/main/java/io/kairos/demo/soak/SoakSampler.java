package io.kairos.demo.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.loadgen.engine.FlinkRest;
import io.kairos.loadgen.measure.ConsumerLag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import redis.clients.jedis.Jedis;

/**
 * Looks at a running job from outside, as an operator's monitoring does: Flink's REST API (the
 * TaskManager's heap, the checkpoints), the job JVM's GC log, the consumer group's lag in Kafka,
 * and redis-server's memory. Nothing here runs inside the job.
 */
final class SoakSampler implements AutoCloseable {
    private final FlinkRest rest;
    private final GcLog gcLog;
    private final ConsumerLag lag;
    private final Jedis redis;
    private final LongSupplier sent;
    private final long loadStartMillis;
    private final List<SoakSeries.Sample> samples = new ArrayList<>();

    SoakSampler(FlinkRest rest, GcLog gcLog, ConsumerLag lag, String redisUri, LongSupplier sent, long loadStartMillis) {
        this.rest = rest;
        this.gcLog = gcLog;
        this.lag = lag;
        this.redis = new Jedis(URI.create(redisUri));
        this.sent = sent;
        this.loadStartMillis = loadStartMillis;
    }

    /** Takes one sample; a source that does not answer this time is recorded as unknown (-1). */
    SoakSeries.Sample sample() {
        double second = (System.currentTimeMillis() - loadStartMillis) / 1000.0;
        long acknowledged = sent.getAsLong();
        long behind = -1;
        try {
            behind = Math.max(0, lag.endOffsets() - lag.committed());
        } catch (Exception e) {
            // the broker may be busy; the next sample asks again
        }
        double heapUsed = -1;
        long state = -1;
        try {
            heapUsed = rest.taskManagerMetric("Status.JVM.Memory.Heap.Used") / (1024 * 1024);
            JsonNode latest = rest.checkpointStatistics().at("/latest/completed");
            state = latest.isMissingNode() || latest.isNull() ? -1 : latest.path("state_size").asLong(-1);
        } catch (Exception e) {
            // the REST API answers once the job runs
        }
        double afterGc = -1;
        double liveSet = -1;
        try {
            afterGc = gcLog.heapAfterLatestGcMb();
            liveSet = gcLog.liveSetMb();
        } catch (Exception e) {
            // not written yet
        }
        long redisUsed = -1;
        try {
            redisUsed = usedMemory(redis.info("memory"));
        } catch (Exception e) {
            // Redis slow to answer: unknown this time
        }
        SoakSeries.Sample sample = new SoakSeries.Sample(second, acknowledged, behind,
                Double.isNaN(heapUsed) ? -1 : heapUsed, afterGc, liveSet, state, redisUsed);
        samples.add(sample);
        return sample;
    }

    /** Every checkpoint Flink remembers (the job runs with a long {@code web.checkpoints.history}). */
    List<SoakSeries.Checkpoint> checkpoints() throws Exception {
        List<SoakSeries.Checkpoint> out = new ArrayList<>();
        Map<String, String> names = rest.taskNames();
        for (JsonNode c : rest.checkpointStatistics().path("history")) {
            String status = c.path("status").asText();
            if (status.equals("IN_PROGRESS")) {
                continue;
            }
            long id = c.path("id").asLong();
            Map<String, Long> byTask = new TreeMap<>();
            if (status.equals("COMPLETED")) {
                rest.checkpointDetails(id).path("tasks").properties().forEach(t ->
                        byTask.merge(names.getOrDefault(t.getKey(), t.getKey()), t.getValue().path("state_size").asLong(), Long::sum));
            }
            out.add(new SoakSeries.Checkpoint(id, c.path("is_savepoint").asBoolean(), status.equals("COMPLETED"),
                    (c.path("trigger_timestamp").asLong() - loadStartMillis) / 1000.0,
                    c.path("end_to_end_duration").asLong(), c.path("state_size").asLong(),
                    c.path("checkpointed_size").asLong(), byTask));
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    List<SoakSeries.Sample> samples() {
        return List.copyOf(samples);
    }

    static long usedMemory(String info) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        return -1;
    }

    @Override
    public void close() {
        redis.close();
    }
}
