package io.kairos.loadgen.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.loadgen.measure.ConsumerLag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits until a job has caught up with event time {@code until}, asking it the way an operator's
 * tooling would, never by sleeping a guessed while:
 *
 * <ol>
 *   <li>the Redis sink's input watermark (Flink REST, {@code /jobs/<id>/vertices/<v>/watermarks},
 *       every subtask) is at or past {@code until}: the personalization operator sends a watermark
 *       on only after everything it emitted before it, so every event before {@code until} is
 *       processed, every event-time timer up to it has fired, and their profiles, messages,
 *       signals and decisions (the Kafka sinks are chained into that operator) are in the sinks.
 *       The operator's own input watermark is no guide: it is the minimum over its inputs, and
 *       the catalog and control inputs carry none;
 *   <li>then a checkpoint completes: the Redis and Kafka sinks flush everything before it;
 *   <li>and the consumer group's lag on the input topics is zero: the source committed, with that
 *       checkpoint, every record there is.
 * </ol>
 */
final class CatchUp {
    private static final Duration POLL = Duration.ofMillis(500);
    /** The Redis sink's vertex name ({@code PersonalizationJob} names it "redis"). */
    static final String SINK_VERTEX = "redis";

    /** When each condition held, for the log and the report. */
    record Result(Instant watermarkReachedAt, long checkpointsBefore, Instant checkpointedAt, Instant lagZeroAt,
                  long minWatermark) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final ConsumerLag lag;

    CatchUp(int restPort, String jobId, ConsumerLag lag) {
        this.base = "http://localhost:" + restPort + "/jobs/" + jobId;
        this.lag = lag;
    }

    Result await(long until, Duration timeout, Consumer<String> log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLogged = 0;
        long min;
        while (true) {
            min = minWatermark();
            if (min >= until) {
                break;
            }
            if (System.nanoTime() - lastLogged > 10_000_000_000L) {
                log.accept("  waiting for the watermark to reach " + Instant.ofEpochMilli(until) + ": now "
                        + (min == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(min).toString()));
                lastLogged = System.nanoTime();
            }
            check(deadline, timeout, "the watermark to reach " + Instant.ofEpochMilli(until) + " (at "
                    + (min == Long.MIN_VALUE ? "none" : Instant.ofEpochMilli(min)) + ")");
            Thread.sleep(POLL.toMillis());
        }
        Instant watermarkAt = Instant.now();
        long checkpoints = completedCheckpoints();
        log.accept(String.format(Locale.ROOT, "  watermark at %s; waiting for a checkpoint after it (%d so far) and lag 0",
                Instant.ofEpochMilli(min), checkpoints));
        Instant checkpointedAt = null;
        Instant lagZeroAt = null;
        while (checkpointedAt == null || lagZeroAt == null) {
            if (checkpointedAt == null && completedCheckpoints() > checkpoints) {
                checkpointedAt = Instant.now();
            }
            // Lag counts only once that checkpoint is in: it is what commits the offsets.
            if (checkpointedAt != null && lag.lag() == 0) {
                lagZeroAt = Instant.now();
            }
            check(deadline, timeout, "a checkpoint and consumer lag 0 after the watermark (lag " + lag.lag() + ")");
            if (lagZeroAt == null) {
                Thread.sleep(POLL.toMillis());
            }
        }
        return new Result(watermarkAt, checkpoints, checkpointedAt, lagZeroAt, min);
    }

    private static void check(long deadline, Duration timeout, String what) throws TimeoutException {
        if (System.nanoTime() > deadline) {
            throw new TimeoutException("the job did not catch up within " + timeout + ": waited for " + what);
        }
    }

    /** The lowest input watermark of the Redis sink's subtasks; Long.MIN_VALUE while any has none yet. */
    long minWatermark() throws IOException, InterruptedException {
        long min = Long.MAX_VALUE;
        List<String> vertices = new ArrayList<>();
        for (JsonNode v : get("").path("vertices")) {
            if (v.path("name").asText().startsWith(SINK_VERTEX)) {
                vertices.add(v.path("id").asText());
            }
        }
        if (vertices.isEmpty()) {
            return Long.MIN_VALUE;
        }
        for (String id : vertices) {
            JsonNode marks = get("/vertices/" + id + "/watermarks");
            if (marks.size() == 0) {
                return Long.MIN_VALUE; // the metrics are not there yet
            }
            for (JsonNode m : marks) {
                long value = m.path("value").asLong(Long.MIN_VALUE);
                min = Math.min(min, value);
            }
        }
        return min;
    }

    long completedCheckpoints() throws IOException, InterruptedException {
        return get("/checkpoints").at("/counts/completed").asLong();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink REST " + path + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
