package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.loadgen.accuracy.Accuracy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The option blocks loadgen's commands share keep each command's names and defaults. */
class SharedLoadOptionsTest {
    @Test
    void loadgenAndRecordGenerateTheSameDefaultPopulation() {
        LoadgenMain loadgen = new LoadgenMain();
        new CommandLine(loadgen).parseArgs();
        RecordCommand record = new RecordCommand();
        new CommandLine(record).parseArgs("--out", "x.avro");
        for (PopulationOptions population : new PopulationOptions[] {loadgen.population, record.population}) {
            assertEquals(10_000, population.customers());
            assertEquals(EventGenerator.DEFAULT_CONCURRENT_SESSIONS, population.sessions());
            assertEquals(42, population.seed());
        }
        RecordCommand given = new RecordCommand();
        new CommandLine(given).parseArgs("--out", "x.avro", "--customers", "7", "--sessions", "3", "--seed", "9");
        assertEquals(7, given.population.customers());
        assertEquals(3, given.population.sessions());
        assertEquals(9, given.population.seed());
    }

    @Test
    void accuracyFlagsNoCapsUnlessToldAndCountsChurnersThreeGapsOn() {
        AccuracyCommand accuracy = new AccuracyCommand();
        new CommandLine(accuracy).parseArgs("--truth", "t.jsonl", "--end", "2026-01-01T00:00:00Z");
        Accuracy.Settings s = accuracy.scoring.settings(1L, Duration.ofDays(1), Duration.ofDays(7));
        assertEquals(new Accuracy.Settings(1L, 3, Duration.ofDays(1), Duration.ofDays(7), 0, 0), s);

        AccuracyCommand capped = new AccuracyCommand();
        new CommandLine(capped).parseArgs("--truth", "t.jsonl", "--end", "2026-01-01T00:00:00Z",
                "--cap-per-day", "2", "--cap-per-week", "5", "--detectable-after", "4");
        assertEquals(new Accuracy.Settings(1L, 4, Duration.ofDays(1), Duration.ofDays(7), 2, 5),
                capped.scoring.settings(1L, Duration.ofDays(1), Duration.ofDays(7)));
    }

    /** The Kafka options are not required by picocli (each subcommand has its own), so call() checks them. */
    @Test
    void loadgenItselfStillNeedsBootstrapServers() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LoadgenMain()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--rate", "10"));
        assertTrue(err.toString().contains("--bootstrap-servers"), err.toString());
    }
}
