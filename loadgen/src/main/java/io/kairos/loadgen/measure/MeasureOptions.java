package io.kairos.loadgen.measure;

import io.kairos.cli.DurationConverter;
import io.kairos.loadgen.report.Report;
import io.kairos.loadgen.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a measured run ({@code ./kairos loadgen} with a Redis to measure in, {@code ./kairos demo})
 * records and reports its latency: a warm-up not recorded, and where the report goes. A picocli
 * mixin, like {@link RateOptions}.
 */
public final class MeasureOptions {
    @Option(names = "--warm-up", defaultValue = "0s", converter = DurationConverter.class,
            description = "Latency of messages caused (or due) in this first part of the run (loadgen: with --redis-uri) is"
                    + " counted, not recorded:"
                    + " a cold job (JIT, caches) is slower than a running one (default ${DEFAULT-VALUE}: all recorded).")
    Duration warmUp;

    @Option(names = "--report", description = "Write report.json, report.html and PNG charts (latency, throughput, lag) to this directory.")
    Path reportDir;

    public Duration warmUp() {
        return warmUp;
    }

    /** The load's shape and how long it ran, and the warm-up, as a report's parameters. */
    public void describe(Map<String, String> parameters, RateProfile profile, Duration duration) {
        parameters.put("rate profile", profile.toString());
        parameters.put("duration", duration.toString());
        parameters.put("warm-up (latency not recorded)", warmUp.toString());
    }

    /** Writes the report into the {@code --report} directory; null if none was given. */
    public Path write(Report report) throws IOException {
        return reportDir == null ? null : ReportWriter.write(report, reportDir).toAbsolutePath();
    }
}
