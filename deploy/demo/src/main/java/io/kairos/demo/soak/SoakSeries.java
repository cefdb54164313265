package io.kairos.demo.soak;

import java.util.List;

/**
 * What a soak recorded: one {@link Sample} every few seconds of what an operator watches, and
 * every checkpoint the job completed or failed, as Flink's REST API reported them.
 */
public record SoakSeries(List<Sample> samples, List<Checkpoint> checkpoints) {

    /**
     * One look at the running job.
     *
     * @param second seconds since the load started
     * @param sent events acknowledged by Kafka so far
     * @param lag events produced but not yet committed by the job's consumer group (the Kafka
     *     source commits on checkpoints, so this moves in steps of the interval); -1 if unknown
     * @param heapUsedMb the job JVM's heap in use now (Flink's {@code Status.JVM.Memory.Heap.Used})
     * @param heapAfterGcMb the heap in use after the job JVM's latest collection (its GC log): the
     *     live set and the old generation's garbage not yet reclaimed; -1 before the first collection
     * @param liveSetMb the heap after the job JVM's latest full collection (the soak asks for one
     *     every so often): the live set, the curve a leak raises; -1 before the first
     * @param stateBytes full size of the latest completed checkpoint ({@code state_size}); -1 before the first
     * @param redisUsedBytes redis-server's {@code used_memory}
     */
    public record Sample(double second, long sent, long lag, double heapUsedMb, double heapAfterGcMb,
                         double liveSetMb, long stateBytes, long redisUsedBytes) {}

    /**
     * One checkpoint, or one of the canonical savepoints the soak takes to weigh the live state.
     *
     * @param triggerSecond seconds since the load started when it was triggered (negative: before)
     * @param durationMs end to end, trigger to the last acknowledgement
     * @param stateBytes full size of the state it holds
     * @param checkpointedBytes what this checkpoint uploaded (incremental)
     * @param stateByTask full state size per task (an operator chain, by the name the web UI shows)
     */
    public record Checkpoint(long id, boolean savepoint, boolean completed, double triggerSecond, long durationMs, long stateBytes,
                             long checkpointedBytes, java.util.Map<String, Long> stateByTask) {}
}
