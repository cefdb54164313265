package io.kairos.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.JobID;

/**
 * The job's own produce-to-Redis latency, the Redis sink's histogram {@code
 * kairos.endToEndLatencyMs} (its last 4096 updates with a known cause, per subtask), read from
 * Flink's REST API the way an operator's tooling would; the worst subtask's values.
 */
final class SinkLatency {
    final double p50;
    final double p99;
    final double max;

    private SinkLatency(double p50, double p99, double max) {
        this.p50 = p50;
        this.p99 = p99;
        this.max = max;
    }

    /** The values, or null when the sink has none (no update carried its cause's time). */
    static SinkLatency read(int restPort, JobID job) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        String base = "http://localhost:" + restPort + "/jobs/" + job;
        String vertex = null;
        String operator = null;
        for (JsonNode v : json.readTree(get(http, base)).path("vertices")) {
            if (v.path("name").asText().startsWith("redis")) {
                vertex = v.path("id").asText();
                operator = v.path("name").asText().replaceAll("[^A-Za-z0-9_-]", "_");
            }
        }
        if (vertex == null) {
            return null;
        }
        String metric = operator + ".kairos.endToEndLatencyMs_";
        JsonNode values = json.readTree(get(http, base + "/vertices/" + vertex + "/subtasks/metrics?agg=max&get="
                + metric + "median," + metric + "p99," + metric + "max"));
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double max = Double.NaN;
        for (JsonNode v : values) {
            String id = v.path("id").asText();
            double value = v.path("max").asDouble(Double.NaN);
            if (id.endsWith("_median")) {
                p50 = value;
            } else if (id.endsWith("_p99")) {
                p99 = value;
            } else if (id.endsWith("_max")) {
                max = value;
            }
        }
        return Double.isNaN(p50) || max <= 0 ? null : new SinkLatency(p50, p99, max);
    }

    private static String get(HttpClient http, String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST answered " + response.statusCode() + " for " + uri);
        }
        return response.body();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p50 %,.0f ms  p99 %,.0f ms  max %,.0f ms", p50, p99, max);
    }
}
