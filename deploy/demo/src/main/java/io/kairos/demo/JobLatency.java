package io.kairos.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.kairos.loadgen.engine.FlinkRest;
import java.io.IOException;
import java.util.Locale;
import org.apache.flink.api.common.JobID;

/**
 * A latency histogram of the job, read from Flink's REST API the way an operator's tooling would;
 * the worst subtask's values. {@link #sink} is the Redis sink's {@code kairos.endToEndLatencyMs}
 * (produce to Redis, its last 4096 updates with a known cause); {@link #arrival} the
 * personalization operator's {@code kairos.eventAgeOnArrivalMs} (produce to the start of the
 * event's turn): the difference is the operator, the exchange after it and the sink.
 */
record JobLatency(double p50, double p99, double max) {

    /** The values, or null when the sink has none (no update carried its cause's time). */
    static JobLatency sink(int restPort, JobID job) throws IOException, InterruptedException {
        return read(restPort, job, "redis", "kairos.endToEndLatencyMs");
    }

    /** The personalization operator's age of events on arrival, or null when none was recorded. */
    static JobLatency arrival(int restPort, JobID job) throws IOException, InterruptedException {
        return read(restPort, job, "personalization", "kairos.eventAgeOnArrivalMs");
    }

    private static JobLatency read(int restPort, JobID job, String vertexPrefix, String histogram)
            throws IOException, InterruptedException {
        FlinkRest rest = new FlinkRest(restPort, job.toString());
        String vertex = null;
        String operator = null;
        for (JsonNode v : rest.get("").path("vertices")) {
            String name = v.path("name").asText();
            if (name.startsWith(vertexPrefix)) {
                vertex = v.path("id").asText();
                // The head of the chain: "redis: Writer", or "personalization" before its " -> ...".
                operator = name.split(" -> ")[0].replaceAll("[^A-Za-z0-9_-]", "_");
            }
        }
        if (vertex == null) {
            return null;
        }
        String metric = operator + "." + histogram + "_";
        String metrics = "/vertices/" + vertex + "/subtasks/metrics?agg=max&get=" + metric + "median," + metric + "p99," + metric + "max";
        // The REST endpoint answers from a cache that it refreshes in the background when asked:
        // the first answer after a while can be empty though the metrics are there.
        JsonNode values = rest.get(metrics);
        for (int attempt = 0; attempt < 20 && values.size() == 0; attempt++) {
            Thread.sleep(500);
            values = rest.get(metrics);
        }
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
        return Double.isNaN(p50) || max <= 0 ? null : new JobLatency(p50, p99, max);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p50 %,.0f ms  p99 %,.0f ms  max %,.0f ms", p50, p99, max);
    }
}
