package io.kairos.loadgen.churn;

import io.kairos.job.JobConfig;
import io.kairos.loadgen.engine.JobOptionOverrides;
import io.kairos.loadgen.scenario.EvalScenarioOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./kairos churn-replay}: accuracy-eval's churn figures from the customer model alone
 * ({@link ChurnReplay}), in seconds, with the job's {@code kairos.*} options given as
 * {@code --job-option key=value}: for calibrating the churn flag before confirming with
 * {@code ./kairos accuracy-eval}.
 */
@Command(
        name = "kairos churn-replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "The customer model alone over accuracy-eval's scenario: churn recall, precision and delay in seconds.")
public final class ChurnReplayCommand implements Callable<Integer> {
    /** The job's required connection options: the replay connects to nothing. */
    private static final String[] UNUSED_CONNECTIONS = {
        "--kairos.kafka.bootstrap-servers", "unused:9092", "--kairos.redis.uri", "redis://unused:6379"
    };

    @Mixin EvalScenarioOptions scenario = new EvalScenarioOptions(2000, 120);

    // e.g. --job-option kairos.churn.risk-enter=0.9
    @Mixin JobOptionOverrides jobOptions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChurnReplayCommand()).execute(args));
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(UNUSED_CONNECTIONS));
        jobOptions.get().forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new), Map.of());
        System.out.println("churn model: " + config.churnModelInUse());
        ChurnReplay.Result r = new ChurnReplay(config.customerModelSettings()).run(scenario.settings());
        for (List<String> row : r.report().rows()) {
            if (row.get(0).startsWith("churn")) {
                System.out.printf(Locale.ROOT, "%-46s %s%n", "  " + row.get(1), row.get(2));
            }
        }
        System.out.printf(Locale.ROOT, "customer model: %,d assessments, %.1f s CPU%n", r.assessments(), r.modelCpuSeconds());
        return 0;
    }
}
