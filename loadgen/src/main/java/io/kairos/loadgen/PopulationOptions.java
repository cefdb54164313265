package io.kairos.loadgen;

import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * The seeded synthetic population a command generates events of: its size, the shopping sessions
 * in flight at once, and the seed. One mixin, so {@code loadgen}, {@code record} and {@code demo}
 * spell these options the same way and build the same generator from them (same seed, same
 * customers and events).
 */
public final class PopulationOptions {
    @Option(names = "--customers", description = "Population size (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--sessions",
            description = "Shopping sessions in flight at once (default ${DEFAULT-VALUE}); at a low rate a few"
                    + " sessions keep each one moving, so carts and purchases (and their messages) happen at all.")
    int sessions = EventGenerator.DEFAULT_CONCURRENT_SESSIONS;

    @Option(names = "--seed", description = "Seed: same seed, same customers and events (default ${DEFAULT-VALUE}).")
    long seed = 42;

    public PopulationOptions() {
        this(10_000);
    }

    /** With another default population size. */
    public PopulationOptions(int customers) {
        this.customers = customers;
    }

    /** A population given in code rather than on a command line. */
    public PopulationOptions(int customers, int sessions, long seed) {
        this.customers = customers;
        this.sessions = sessions;
        this.seed = seed;
    }

    public int customers() {
        return customers;
    }

    public int sessions() {
        return sessions;
    }

    public long seed() {
        return seed;
    }

    /** Whether the population and its sessions are positive. */
    public boolean positive() {
        return customers > 0 && sessions > 0;
    }

    /** The seed's offer catalog. */
    public ProductCatalog catalog() {
        return new ProductCatalog(seed);
    }

    /** The population's events on {@code clock}, {@code poisonRate} of them undecodable. */
    public EventGenerator generator(ProductCatalog catalog, Clock clock, double poisonRate) {
        return new EventGenerator(new Population(customers, seed), catalog, seed, clock, poisonRate, sessions);
    }
}
