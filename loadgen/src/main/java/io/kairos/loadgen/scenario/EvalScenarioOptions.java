package io.kairos.loadgen.scenario;

import io.kairos.loadgen.engine.EmbeddedEngine;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * What the evaluations ({@code accuracy-eval}, {@code decision-eval}, {@code churn-eval}) run the
 * real job on: a simulated population's size, the days of its history, the seed, and the job's
 * parallelism. One mixin, so they spell these options the same way; each command gives its own
 * default size and history.
 */
public final class EvalScenarioOptions {
    private static final long DAY = 86_400_000L;

    @Option(names = "--customers", description = "Customers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--days", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(names = "--parallelism", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism = 2;

    public EvalScenarioOptions(int customers, int days) {
        this.customers = customers;
        this.days = days;
    }

    /** The scenario: its history ends where the embedded engine's replays end. */
    public Scenario.Settings settings() {
        return new Scenario.Settings(customers, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - days * DAY), days, seed);
    }

    public int customers() {
        return customers;
    }

    public int days() {
        return days;
    }

    public long seed() {
        return seed;
    }

    public int parallelism() {
        return parallelism;
    }
}
