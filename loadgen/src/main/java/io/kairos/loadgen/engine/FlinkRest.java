package io.kairos.loadgen.engine;

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
 * resource of the job, as JSON ({@link #get}); and what the soak charts and weighs: the
 * checkpoints' statistics, the TaskManager's JVM metrics, canonical savepoints.
 */
public final class FlinkRest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String root;
    private final String base;

    public FlinkRest(int port, String jobId) {
        this.root = "http://localhost:" + port;
        this.base = root + "/jobs/" + jobId;
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

    /** The job's checkpoint statistics: {@code counts}, {@code latest}, {@code history} (Flink's REST API). */
    public JsonNode checkpointStatistics() throws IOException, InterruptedException {
        return get("/checkpoints");
    }

    /**
     * Triggers a savepoint in Flink's canonical format (what any state backend reads: the live
     * state serialized, without RocksDB's files) into {@code dir}, the job running on.
     */
    public void triggerCanonicalSavepoint(java.nio.file.Path dir) throws IOException, InterruptedException {
        String body = json.createObjectNode()
                .put("target-directory", dir.toUri().toString())
                .put("cancel-job", false)
                .put("formatType", "CANONICAL")
                .toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/savepoints"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new IOException("Flink REST savepoint answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** One checkpoint's details: per task (vertex id) its {@code state_size}, {@code checkpointed_size}, ... */
    public JsonNode checkpointDetails(long id) throws IOException, InterruptedException {
        return get("/checkpoints/details/" + id);
    }

    /** The job's tasks (vertices) by id: their names as the web UI shows them. */
    public java.util.Map<String, String> taskNames() throws IOException, InterruptedException {
        java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
        for (JsonNode v : get("").path("vertices")) {
            names.put(v.path("id").asText(), v.path("name").asText());
        }
        return names;
    }

    /**
     * A metric of the first TaskManager (a local cluster has one, in the job's JVM), e.g.
     * {@code Status.JVM.Memory.Heap.Used}; NaN while it is not reported.
     */
    public double taskManagerMetric(String name) throws IOException, InterruptedException {
        JsonNode managers = getAbsolute(root + "/taskmanagers").path("taskmanagers");
        if (managers.isEmpty()) {
            return Double.NaN;
        }
        String id = managers.get(0).path("id").asText();
        for (JsonNode metric : getAbsolute(root + "/taskmanagers/" + id + "/metrics?get=" + name)) {
            if (name.equals(metric.path("id").asText())) {
                return metric.path("value").asDouble(Double.NaN);
            }
        }
        return Double.NaN;
    }

    /** The job's resource at {@code path} ("" for the job itself, "/checkpoints", ...) as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return getAbsolute(base + path);
    }

    private JsonNode getAbsolute(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
