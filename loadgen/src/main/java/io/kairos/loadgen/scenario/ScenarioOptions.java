package io.kairos.loadgen.scenario;

import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The simulated population a command generates ({@code scenario}, and the evaluations through
 * {@link EvalScenarioOptions}): its size, the days of its history and the seed. One mixin, so they
 * spell these options the same way; each command gives its own defaults.
 */
public final class ScenarioOptions {
    @Option(names = "--customers", description = "Customers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--days", description = "Days of history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    public ScenarioOptions(int customers, int days, long seed) {
        this.customers = customers;
        this.days = days;
        this.seed = seed;
    }

    /** The scenario whose history starts at {@code first}. */
    public Scenario.Settings settings(Instant first) {
        return new Scenario.Settings(customers, first, days, seed);
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
}
