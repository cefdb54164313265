package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.loadgen.accuracy.AccuracyEvalCommand;
import io.kairos.loadgen.accuracy.DecisionEvalCommand;
import io.kairos.loadgen.backtest.BacktestCommand;
import io.kairos.loadgen.churn.ChurnEvalCommand;
import io.kairos.loadgen.churn.ChurnReplayCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The option mixins the commands that run the job share keep each command's names, old
 * spellings and defaults.
 */
class SharedJobOptionsTest {
    private static <T> T value(CommandLine cli, String option) {
        return cli.getCommandSpec().findOption(option).getValue();
    }

    private static CommandLine parsed(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.parseArgs(args);
        return cli;
    }

    @Test
    void everyJobRunnerTakesJobOptionsUnderEverySpelling() {
        List<Supplier<Object>> commands = List.of(BacktestCommand::new, DecisionEvalCommand::new, ChurnReplayCommand::new);
        for (Supplier<Object> command : commands) {
            for (String spelling : new String[] {"--job-option", "-o", "--flink"}) {
                Object c = command.get();
                List<String> args = new ArrayList<>(c instanceof BacktestCommand ? List.of("--recording", "r.avro", "--out", "o") : List.of());
                args.addAll(List.of(spelling, "kairos.a=1", spelling, "b=2"));
                CommandLine cli = parsed(c, args.toArray(String[]::new));
                assertEquals(Map.of("kairos.a", "1", "b", "2"), value(cli, "--job-option"), c + " " + spelling);
            }
        }
        assertEquals(2, (int) value(parsed(new BacktestCommand(), "--recording", "r.avro", "--out", "o"), "--parallelism"));
    }

    @Test
    void scenarioAndTheEvaluationsKeepTheirOwnPopulationDefaults() {
        CommandLine scenario = parsed(new ScenarioCommand(), "--out", "s");
        assertEquals(10_000, (int) value(scenario, "--customers"));
        assertEquals(120, (int) value(scenario, "--days"));
        assertEquals(42L, (long) value(scenario, "--seed"));

        CommandLine accuracy = parsed(new AccuracyEvalCommand());
        assertEquals(2000, (int) value(accuracy, "--customers"));
        assertEquals(120, (int) value(accuracy, "--days"));
        assertEquals(7L, (long) value(accuracy, "--seed"));
        assertEquals(2, (int) value(accuracy, "--parallelism"));

        CommandLine decisions = parsed(new DecisionEvalCommand(), "--customers", "5", "--days", "6", "--seed", "8");
        assertEquals(5, (int) value(decisions, "--customers"));
        assertEquals(6, (int) value(decisions, "--days"));
        assertEquals(8L, (long) value(decisions, "--seed"));
        assertEquals(1095, (int) value(parsed(new ChurnEvalCommand()), "--days"));
    }

    @Test
    void churnEvalCountsChurnersThreeGapsOnLikeTheAccuracyScoring() {
        assertEquals(3.0, (double) value(parsed(new ChurnEvalCommand()), "--detectable-after"));
        assertEquals(3.0, (double) value(parsed(new AccuracyEvalCommand()), "--detectable-after"));
        assertEquals(4.5, (double) value(parsed(new ChurnEvalCommand(), "--detectable-after", "4.5"), "--detectable-after"));
    }

    @Test
    void loadgenReadsTheJobsGroupUnderBothSpellings() {
        assertEquals("kairos-personalization", value(parsed(new LoadgenMain()), "--group-id"));
        assertEquals("g1", value(parsed(new LoadgenMain(), "--job-group-id", "g1"), "--group-id"));
        assertEquals("g2", value(parsed(new LoadgenMain(), "--group-id", "g2"), "--group-id"));
    }
}
