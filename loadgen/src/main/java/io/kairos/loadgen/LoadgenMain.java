package io.kairos.loadgen;

import io.kairos.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos loadgen}: replays synthetic customer traffic into a Kafka cluster, to test a
 * change under load. Publishes the offer catalog first (unless told not to), prints progress
 * every few seconds and a summary, and exits non-zero if any send failed.
 */
@Command(
        name = "kairos loadgen",
        mixinStandardHelpOptions = true,
        description = "Produces a seeded synthetic population's events to Kafka at a target rate.",
        subcommands = {
            AdvanceTimeCommand.class, ResetCustomerCommand.class, RecordCommand.class, ReplayCommand.class,
            ImportCsvCommand.class, ScenarioCommand.class, AccuracyCommand.class
        })
public final class LoadgenMain implements Callable<Integer> {

    /** This command as picocli runs it, so that usage errors go to its configured streams. */
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // Required, but checked in call(): picocli would otherwise also demand it of the parent when
    // only a subcommand (advance-time, which has its own) is run.
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (required).")
    String bootstrapServers;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to produce, e.g. 30s, 10m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-events", defaultValue = "0", description = "Stop after this many events; 0 = no limit.")
    long maxEvents;

    @Option(names = "--customers", defaultValue = "10000", description = "Population size (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--sessions", defaultValue = "" + EventGenerator.DEFAULT_CONCURRENT_SESSIONS,
            description = "Sessions in flight at once (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--seed", defaultValue = "42", description = "Seed: same seed, same customers and events (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--poison-rate", defaultValue = "0", description = "Share of records sent undecodable, in [0, 1] (default ${DEFAULT-VALUE}).")
    double poisonRate;

    @Option(names = "--no-catalog", negatable = false, description = "Do not publish the offer catalog first.")
    boolean noCatalog;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadgenMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CommandLine.ParameterException(cmd, "Missing required option: '--bootstrap-servers'");
        }
        if (rate <= 0 || customers <= 0 || sessions <= 0 || duration.isNegative() || duration.isZero()) {
            throw new CommandLine.ParameterException(
                    cmd, "--rate, --customers, --sessions and --duration must be positive");
        }
        if (poisonRate < 0 || poisonRate > 1) {
            throw new CommandLine.ParameterException(cmd, "--poison-rate must be within [0, 1]");
        }
        ProductCatalog products = new ProductCatalog(seed);
        EventGenerator generator =
                new EventGenerator(new Population(customers, seed), products, seed, Clock.systemUTC(), poisonRate, sessions);
        try (LoadGenerator load = new LoadGenerator(bootstrapServers)) {
            if (!noCatalog) {
                int offers = load.publishCatalog(products.bootstrapOffers(System.currentTimeMillis()));
                System.out.printf("published %d offers to %s%n", offers, Topics.OFFER_CATALOG);
            }
            Thread producing = new Thread(() -> load.run(generator, rate, duration, maxEvents), "kairos-loadgen");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                producing.interrupt();
                try {
                    producing.join(15_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
            producing.start();
            long last = 0;
            while (producing.isAlive()) {
                producing.join(5_000);
                long now = load.sent();
                System.out.printf("  sent %,d (+%,d)%n", now, now - last);
                last = now;
            }
            LoadGenerator.Summary summary = load.summary();
            System.out.println("done: " + summary);
            return summary.failed() == 0 ? 0 : 1;
        }
    }
}
