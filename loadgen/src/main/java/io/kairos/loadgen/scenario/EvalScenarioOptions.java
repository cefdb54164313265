package io.kairos.loadgen.scenario;

import io.kairos.loadgen.engine.EmbeddedEngine;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the evaluations ({@code accuracy-eval}, {@code decision-eval}, {@code churn-eval}) run the
 * real job on: a simulated population ({@link ScenarioOptions}: size, days of history, seed), and
 * the job's parallelism. One mixin, so they spell these options the same way; each command gives
 * its own default size and history.
 */
public final class EvalScenarioOptions {
    private static final long DAY = 86_400_000L;

    @Mixin ScenarioOptions population;

    @Option(names = "--parallelism", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism = 2;

    public EvalScenarioOptions(int customers, int days) {
        this.population = new ScenarioOptions(customers, days, 7);
    }

    /** The scenario: its history ends where the embedded engine's replays end. */
    public Scenario.Settings settings() {
        return population.settings(Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - days() * DAY));
    }

    public int customers() {
        return population.customers();
    }

    public int days() {
        return population.days();
    }

    public long seed() {
        return population.seed();
    }

    public int parallelism() {
        return parallelism;
    }
}
