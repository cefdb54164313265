package io.kairos.demo.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@code ./kairos job}, the evaluations, the demo and the fault tests ask a running job
 * through Flink's REST API (the web UI's port), as an operator's tooling would: are all tasks
 * running, which checkpoint was it restored from, how many checkpoints completed; and any other
 * resource of the job, as JSON ({@link #get}).
 */
public final class FlinkRest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    public FlinkRest(int port, String jobId) {
        this.base = "http://localhost:" + port + "/jobs/" + jobId;
    }

    /** True once every vertex of the job is RUNNING. */
    public boolean allTasksRunning() throws IOException, InterruptedException {
        JsonNode vertices = get("").path("vertices");
        boolean all = vertices.size() > 0;
        for (JsonNode v : vertices) {
            all &= "RUNNING".equals(v.path("status").asText());
        }
        return all;
    }

    /** The id of the checkpoint (or savepoint) this run restored its state from, if any. */
    public OptionalLong restoredCheckpoint() throws IOException, InterruptedException {
        JsonNode restored = get("/checkpoints").at("/latest/restored");
        return restored.isMissingNode() || restored.isNull() ? OptionalLong.empty()
                : OptionalLong.of(restored.path("id").asLong());
    }

    /** Checkpoints completed by this run so far. */
    public long completedCheckpoints() throws IOException, InterruptedException {
        return get("/checkpoints").at("/counts/completed").asLong();
    }

    /** The job's resource at {@code path} ("" for the job itself, "/checkpoints", ...) as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
