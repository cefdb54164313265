package io.kairos.loadgen;

import io.kairos.cli.DurationConverter;
import io.kairos.cli.KafkaConnection;
import io.kairos.cli.StackFile;
import io.kairos.cli.EventTopic;
import io.kairos.cli.RedisConnection;
import io.kairos.loadgen.engine.JobGroupId;
import io.kairos.loadgen.measure.ConsumerLag;
import io.kairos.loadgen.measure.MachineInfo;
import io.kairos.loadgen.measure.MeasureOptions;
import io.kairos.loadgen.measure.MeasuredLoad;
import io.kairos.loadgen.measure.ProgressLine;
import io.kairos.loadgen.measure.RateOptions;
import io.kairos.loadgen.measure.RateProfile;
import io.kairos.loadgen.report.Report;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import redis.clients.jedis.UnifiedJedis;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos loadgen}: replays synthetic customer traffic into a Kafka cluster, to test a
 * change under load, at a steady, stepped or ramped rate. Publishes the offer catalog first
 * (unless told not to), shows a progress bar and a summary, and exits non-zero if any send
 * failed. With {@code --redis-uri} it measures end-to-end latency through the Redis contract,
 * and with {@code --report dir} writes report.json and report.html with charts.
 */
@Command(
        name = "kairos loadgen",
        mixinStandardHelpOptions = true,
        description = "Produces a seeded synthetic population's events to Kafka at a target rate.",
        subcommands = {
            RecordCommand.class, ReplayCommand.class, ImportCsvCommand.class, ScenarioCommand.class,
            AccuracyCommand.class, CatalogExportCommand.class
        })
public final class LoadgenMain implements Callable<Integer> {

    /** This command as picocli runs it, so that usage errors go to its configured streams. */
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    // Required, but checked in call(): picocli would otherwise also demand it of the parent when
    // only a subcommand (each has its own options) is run.
    @Mixin KafkaConnection kafka;

    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to produce, e.g. 30s, 10m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-events", defaultValue = "0", description = "Stop after this many events; 0 = no limit.")
    long maxEvents;

    @Mixin PopulationOptions population;

    @Option(names = "--poison-rate", defaultValue = "0", description = "Share of records sent undecodable, in [0, 1] (default ${DEFAULT-VALUE}).")
    double poisonRate;

    @Option(names = "--no-catalog", negatable = false, description = "Do not publish the offer catalog first.")
    boolean noCatalog;

    @Mixin EventTopic topic;

    @CommandLine.Mixin RateOptions rateOptions = new RateOptions();

    // Given (--redis-uri or KAIROS_REDIS_URI): measure latency, reading the job's Redis through
    // the channel contract (push streams), as a channel would.
    @Mixin RedisConnection redisConnection;

    @Mixin JobGroupId jobGroupId; // for the lag series

    @Mixin MeasureOptions measureOptions;

    @Option(names = "--settle", defaultValue = "60s", converter = DurationConverter.class,
            description = "With --redis-uri: after the load, wait at most this long for the job to catch up and messages to stop landing (default ${DEFAULT-VALUE}).")
    Duration settle;

    public static void main(String[] args) {
        // Kafka and Redis default to the ones ./kairos stack runs (StackFile), if it runs.
        System.exit(new CommandLine(new LoadgenMain()).setDefaultValueProvider(new StackFile.Defaults().exceptRedisUriOf(LoadgenMain.class)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        String bootstrapServers = kafka.bootstrapServers();
        if (rate <= 0 || !population.positive() || duration.isNegative() || duration.isZero()) {
            throw new CommandLine.ParameterException(
                    cmd, "--rate, --customers, --sessions and --duration must be positive");
        }
        if (poisonRate < 0 || poisonRate > 1) {
            throw new CommandLine.ParameterException(cmd, "--poison-rate must be within [0, 1]");
        }
        RateProfile profile = rateOptions.profile(cmd, rate);
        ProductCatalog products = population.catalog();
        EventGenerator generator = population.generator(products, Clock.systemUTC(), poisonRate);
        boolean measuring = redisConnection.given();
        try (LoadGenerator load = new LoadGenerator(bootstrapServers, kafka.settings(), topic.name());
                Admin admin = Admin.create(kafka.clientProperties());
                UnifiedJedis redis = measuring ? redisConnection.endpoint().open() : null) {
            if (!noCatalog) {
                int offers = load.publishCatalog(products.bootstrapOffers(System.currentTimeMillis()));
                System.out.printf("published %d offers to %s%n", offers, Topics.OFFER_CATALOG);
            }
            System.out.printf("producing %s for %s%s%n", profile, duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT),
                    measuring ? ", measuring latency on " + redisConnection.masked() : "");
            ConsumerLag lag = new ConsumerLag(admin, jobGroupId.get(), List.of(topic.name()));
            MeasuredLoad measured = MeasuredLoad.start(load, redis, lag, duration, measureOptions.warmUp());
            Thread producing = new Thread(() -> load.run(generator, profile, duration, maxEvents), "kairos-loadgen");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                producing.interrupt();
                try {
                    producing.join(15_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }));
            producing.start();
            try (ProgressLine progress = new ProgressLine(System.out, measured::progress)) {
                producing.join();
            }
            LoadGenerator.Summary summary = load.summary();
            System.out.println("done: " + summary);
            if (measuring) {
                System.out.printf("waiting up to %ds for the job to catch up and messages to stop landing ...%n", settle.toSeconds());
                measured.settle(Duration.ofSeconds(5), settle);
            }
            Report report = measured.finish("kairos loadgen", parameters(profile), Map.of(
                    "send failures", summary.failed(), "events/s (sent)", summary.eventsPerSecond()));
            if (measuring) {
                System.out.print(MeasuredLoad.latencyLines(report));
            }
            Path written = measureOptions.write(report);
            if (written != null) {
                System.out.println("report: " + written);
            }
            return summary.failed() == 0 ? 0 : 1;
        }
    }

    private Map<String, String> parameters(RateProfile profile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "kairos loadgen");
        p.put("bootstrap servers", kafka.bootstrapServers());
        p.put("topic", topic.name());
        p.put("redis", redisConnection.given() ? redisConnection.masked() : "(none: no latency)");
        measureOptions.describe(p, profile, duration);
        p.put("customers", String.valueOf(population.customers()));
        p.put("sessions", String.valueOf(population.sessions()));
        p.put("seed", String.valueOf(population.seed()));
        p.put("poison rate", String.valueOf(poisonRate));
        p.put("job group id (lag)", jobGroupId.get());
        p.putAll(MachineInfo.describe());
        return p;
    }
}
