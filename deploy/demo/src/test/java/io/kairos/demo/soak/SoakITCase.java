package io.kairos.demo.soak;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Scenario (d) of issue 17 in {@code mvn verify}: {@code ./kairos soak} as a user runs it, shortened
 * to two and a half minutes so the whole test run stays within its budget (the ten-minute soak
 * and its curves are in docs/BENCHMARKS.md). The stack and the job run as processes, the load is
 * three times the demo's rate, every request to Redis is held 5 ms; the verdict must be "bounded"
 * and the curves written. {@code SoakVerdictTest} shows each check failing on a leak, a growing
 * state, a late or failed checkpoint and a backlog.
 */
class SoakITCase {
    @Test
    void threeTimesTheDemosLoadWithRedisSlowedStaysBounded(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        int exit = new CommandLine(new SoakCommand()).execute(
                "--duration", "150s", "--warm-up", "30s", "--checkpoint-interval", "3s", "--sample-every", "2s",
                "--redis-delay", "5ms", "--job-heap", "512m", "--report", report.toString());
        List<String> summary = Files.readAllLines(report.resolve(SoakReport.SUMMARY));
        assertAll(
                () -> assertEquals(0, exit, "the soak was not bounded:\n" + String.join("\n", summary)),
                () -> assertTrue(Files.size(report.resolve(SoakReport.PNG)) > 10_000, "no curves drawn"),
                () -> assertTrue(Files.readAllLines(report.resolve(SoakReport.CSV)).size() > 60, "too few samples"),
                () -> assertTrue(Files.readAllLines(report.resolve(SoakReport.CHECKPOINTS_CSV)).size() > 30,
                        "too few checkpoints"));
    }
}
