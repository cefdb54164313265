package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.loadgen.measure.Measurement;
import io.kairos.loadgen.report.LatencySection;
import io.kairos.loadgen.report.Report;
import io.kairos.loadgen.report.ReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kairos demo --report dir}: the engine under a short ramp, with end-to-end latency
 * measured through the channel contract, ends in a report with a plausible latency histogram,
 * per-second series covering the run, and its files.
 */
class KairosDemoReportITCase {
    private static final int SECONDS = 15;
    private static final long ONE_MINUTE_MS = 60_000;

    @Test
    void aShortRunWritesAReportWithMeasuredLatency(@TempDir Path dir) throws Exception {
        Path reportDir = dir.resolve("report");
        int exitCode = new CommandLine(new KairosDemo())
                .execute(
                        "--duration", SECONDS + "s",
                        "--rate", "200",
                        "--profile", "ramp", "--ramp-to", "400", "--ramp-over", "10s",
                        "--customers", "500",
                        "--cart-delay", "3s",
                        // A 15 s run cannot wait out the production idle timeout (30 s) of the
                        // partitions without traffic (offer-responses) before event time moves.
                        "--job-option", "kairos.events.idle-timeout=2 s",
                        "--job-option", "kairos.events.max-out-of-orderness=2 s",
                        "--job-option", "execution.checkpointing.interval=5 s", // lag and the drain move in a short run
                        "--ui-port", "0",
                        "--console-port", "0",
                        "--report", reportDir.toString());
        assertEquals(0, exitCode);

        for (String file : List.of(ReportWriter.JSON, ReportWriter.HTML, ReportWriter.LATENCY_PNG,
                "latency-trigger.png", "latency-channel.png", ReportWriter.THROUGHPUT_PNG, ReportWriter.LAG_PNG)) {
            assertTrue(Files.size(reportDir.resolve(file)) > 0, file);
        }
        Report report = ReportWriter.read(reportDir.resolve(ReportWriter.JSON));
        String about = report.summary().toString();

        LatencySection latency = report.latency(Measurement.END_TO_END);
        assertTrue(latency.count() > 0, "event-caused messages were measured: " + about);
        assertTrue(report.latency(Measurement.END_TO_END + ", trigger CROSS_SELL").count() > 0, about);
        long pull = report.latency().stream()
                .filter(s -> s.name().matches(".*, channel (WEB|APP|CALL_CENTER)")).mapToLong(LatencySection::count).sum();
        long push = report.latency().stream()
                .filter(s -> s.name().matches(".*, channel (EMAIL|SMS|PUSH)")).mapToLong(LatencySection::count).sum();
        assertTrue(pull > 0 && push > 0, "pull and push channels are measured: " + pull + ", " + push);
        assertEquals(latency.count(), latency.decodeHistogram().getTotalCount());
        assertTrue(latency.minMs() >= 0, "min " + latency.minMs());
        assertTrue(latency.p50Ms() > 0 && latency.p50Ms() <= latency.p99Ms(), "p50 " + latency.p50Ms());
        assertTrue(latency.maxMs() < ONE_MINUTE_MS, "max " + latency.maxMs());
        assertEquals(0, ((Number) report.summary().get("negative latencies (clock skew) recorded as 0")).longValue());

        Report.TimeSeries series = report.series();
        assertTrue(series.length() >= SECONDS && series.length() <= SECONDS + 90, "length " + series.length());
        long produced = series.produced().stream().mapToLong(Long::longValue).sum();
        assertEquals(((Number) report.summary().get("events produced")).longValue(), produced);
        assertTrue(series.produced().get(1) >= 150 && series.produced().get(1) <= 300, series.produced().toString());
        assertTrue(series.landed().stream().mapToLong(Long::longValue).sum() > 0, "messages landed");
        assertTrue(series.targetRate().get(SECONDS - 2) > series.targetRate().get(0), "the ramp shows");
        assertTrue(series.lag().stream().anyMatch(l -> l >= 0), "lag was sampled");
        assertTrue(report.tables().stream().anyMatch(t -> t.title().equals("Messages in Redis")));
        assertTrue(report.parameters().get("rate profile").startsWith("ramp"), report.parameters().toString());
    }
}
