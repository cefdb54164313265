package io.kairos.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.loadgen.engine.FlinkRest;
import java.io.IOException;
import java.util.Locale;
import org.apache.flink.api.common.JobID;

/**
 * The job's checkpoint statistics, read from Flink's REST API ({@code /jobs/<id>/checkpoints})
 * the way an operator's tooling would: how many completed, and the size and duration of the
 * latest one.
 *
 * @param fullSize bytes of the whole state the latest checkpoint refers to
 * @param checkpointedSize bytes the latest checkpoint uploaded (smaller with incremental checkpoints)
 * @param lastFailure why the latest failed checkpoint failed, or null if none did
 */
record CheckpointStats(long completed, long failed, long fullSize, long checkpointedSize, long durationMillis,
                       String lastFailure) {

    static CheckpointStats read(int restPort, JobID job) throws IOException, InterruptedException {
        JsonNode root = new FlinkRest(restPort, job.toString()).get("/checkpoints");
        JsonNode latest = root.at("/latest/completed");
        return new CheckpointStats(
                root.at("/counts/completed").asLong(),
                root.at("/counts/failed").asLong(),
                latest.path("state_size").asLong(),
                latest.path("checkpointed_size").asLong(),
                latest.path("end_to_end_duration").asLong(),
                root.at("/latest/failed").isMissingNode() || root.at("/latest/failed").isNull()
                        ? null
                        : root.at("/latest/failed/failure_message").asText(null));
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%,d completed, %,d failed; latest: %,d bytes of state (%,d uploaded) in %,d ms",
                completed, failed, fullSize, checkpointedSize, durationMillis)
                + (lastFailure == null ? "" : "; last failure: " + lastFailure);
    }
}
