package io.kairos.loadgen.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;

/**
 * The job's event-time progress after the personalization operator, from Flink's REST API:
 * the lowest input watermark over the subtasks of the vertex that reads the personalization
 * operator's output through a keyBy (the movement matrix). When it has passed an instant, the
 * personalization operator has decided every event and fired every timer up to it, and its
 * decisions have been handed to the (chained) decisions sink.
 */
public final class JobWatermark {
    private final FlinkRest rest;
    private String vertex;

    public JobWatermark(int restPort, JobID job) {
        this.rest = new FlinkRest(restPort, job.toString());
    }

    public void await(long instant, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = Long.MIN_VALUE;
        while (true) {
            seen = current();
            if (seen >= instant) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the job's watermark stayed at " + seen + ", below " + instant);
            }
            Thread.sleep(10);
        }
    }

    public long current() throws IOException, InterruptedException {
        if (vertex == null) {
            JsonNode job = rest.get("");
            List<String> names = new ArrayList<>();
            for (JsonNode v : job.path("vertices")) {
                names.add(v.path("name").asText());
                if (v.path("name").asText().contains("movement-matrix")) {
                    vertex = v.path("id").asText();
                }
            }
            if (vertex == null) {
                throw new IllegalStateException("no movement-matrix vertex in " + names);
            }
        }
        JsonNode marks = rest.get("/vertices/" + vertex + "/watermarks");
        long min = Long.MAX_VALUE;
        int subtasks = 0;
        for (JsonNode m : marks) {
            if (m.path("id").asText().endsWith("currentInputWatermark")) {
                min = Math.min(min, Long.parseLong(m.path("value").asText()));
                subtasks++;
            }
        }
        return subtasks == 0 ? Long.MIN_VALUE : min;
    }
}
