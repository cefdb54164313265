package io.kairos.demo.soak;

import static org.junit.jupiter.api.Assertions.assertAll;
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
 * three times the demo's rate over the demo's population, every request to Redis is held 5 ms.
 * Checkpoints must be on time, the live set flat and the job keeping up, and the curves written.
 * The warm-up is 60 s, as the ten-minute soak's: on the 2-core CI machine the job settles after
 * 30-50 s (its first RocksDB flushes, JIT); with 25 s a 3 s checkpoint of that phase failed the
 * check, with 45 s the lag of a job still settling at 49 s did.
 *
 * <p>The state's check is reported but not asserted here: two minutes are the steep part of
 * every customer record's fill (at 5,000 customers as at 1,000, its growth falls by only a
 * quarter from one third of such a run to the next, right at the check's limit), so a verdict on
 * it needs the ten-minute soak, where the growth halves ({@code ./kairos soak}, BENCHMARKS.md).
 * {@code SoakVerdictTest} shows each check failing on a leak, a growing state, a late or failed
 * checkpoint and a backlog.
 */
class SoakITCase {
    @Test
    void threeTimesTheDemosLoadWithRedisSlowedKeepsCheckpointsOnTimeTheLiveSetFlatAndUp(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report");
        int exit = new CommandLine(new SoakCommand()).execute(
                "--duration", "150s", "--warm-up", "60s", "--checkpoint-interval", "3s", "--sample-every", "2s",
                "--redis-delay", "5ms", "--job-heap", "512m", "--report", report.toString());
        List<String> summary = Files.readAllLines(report.resolve(SoakReport.SUMMARY));
        String all = String.join("\n", summary);
        assertAll(
                () -> assertTrue(exit == 0 || exit == 1, "the soak did not run to its verdict (exit " + exit + "):\n" + all),
                () -> assertTrue(verdict(summary, "checkpoints on time"), all),
                () -> assertTrue(verdict(summary, "heap bounded"), all),
                () -> assertTrue(verdict(summary, "keeps up"), all),
                () -> assertTrue(summary.stream().anyMatch(l -> l.contains("state bounded")), "no state verdict:\n" + all),
                () -> assertTrue(Files.size(report.resolve(SoakReport.PNG)) > 10_000, "no curves drawn"),
                () -> assertTrue(Files.readAllLines(report.resolve(SoakReport.CSV)).size() > 40, "too few samples"),
                () -> assertTrue(Files.readAllLines(report.resolve(SoakReport.CHECKPOINTS_CSV)).size() > 30,
                        "too few checkpoints"));
    }

    /** Whether the summary's line for {@code check} says it passed. */
    private static boolean verdict(List<String> summary, String check) {
        return summary.stream().map(String::trim).anyMatch(l -> l.startsWith(check) && l.substring(check.length()).trim().startsWith("ok"));
    }
}
