package io.kairos.demo.soak;

import io.kairos.cli.DurationConverter;
import io.kairos.demo.local.CheckpointInterval;
import io.kairos.demo.local.JobProcess;
import io.kairos.demo.local.TopicPartitions;
import io.kairos.loadgen.EventGenerator;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.PopulationOptions;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.engine.JobRunOptions;
import io.kairos.loadgen.engine.LocalFiles;
import io.kairos.loadgen.measure.ConsumerLag;
import io.kairos.localstack.LocalStack;
import io.kairos.localstack.SlowProxy;
import io.kairos.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos soak}: the job under steady load for a long while, with Redis slowed down, and
 * whether it stayed bounded (issue 17, scenario d). The parts run as an operator runs them: Kafka
 * and redis-server as their own processes ({@code ./kairos stack}'s {@link LocalStack}), the job in
 * its own JVM ({@code ./kairos job}, {@link JobProcess}) with a GC log, and Redis reached through
 * a {@link SlowProxy} that holds every request for {@code --redis-delay}. The load is the demo's
 * population at three times the demo's rate. Every few seconds {@link SoakSampler} looks at the
 * job from outside; at the end {@link SoakVerdict} judges the curves and {@link SoakReport} writes
 * them. Exit 0 when every check passed, 1 when one failed.
 */
@Command(
        name = "kairos soak",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the job for a long while under 3x the demo's load with Redis slowed down;"
                + " reports heap, state, checkpoints and lag, and whether they stayed bounded.")
public final class SoakCommand implements Callable<Integer> {
    /** The demo's default rate ({@code ./kairos demo --rate}); the soak's default is three times it. */
    static final int DEMO_RATE = 500;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long the load runs (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "" + 3 * DEMO_RATE,
            description = "Events per second (default ${DEFAULT-VALUE}: three times the demo's).")
    int rate;

    /** The demo's population: 5,000 customers. */
    @CommandLine.Mixin PopulationOptions population = new PopulationOptions(5000);

    @Option(names = "--redis-delay", defaultValue = "5ms", converter = DurationConverter.class,
            description = "Added to every request the job sends Redis (default ${DEFAULT-VALUE}; a local round trip"
                    + " is ~0.1 ms).")
    Duration redisDelay;

    @CommandLine.Mixin CheckpointInterval checkpointInterval;

    @Option(names = "--warm-up", defaultValue = "60s", converter = DurationConverter.class,
            description = "Left out of the verdict: caches, memtables and customer records fill (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--sample-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often the job is looked at (default ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(names = "--job-heap", defaultValue = "1g", description = "-Xmx of the job JVM (default ${DEFAULT-VALUE}).")
    String jobHeap;

    @CommandLine.Mixin TopicPartitions partitions;

    @Option(names = "--report", defaultValue = "soak-report",
            description = "Directory for soak.csv, checkpoints.csv, soak.png and summary.txt (default ${DEFAULT-VALUE}).")
    Path report;

    /** --parallelism and --job-option, as ./kairos job takes them. */
    @CommandLine.Mixin JobRunOptions run = new JobRunOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || !population.positive() || duration.compareTo(warmUp.multipliedBy(2)) < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rate, --customers and --sessions must be positive and --duration at least twice --warm-up");
        }
        Path work = Files.createTempDirectory("kairos-soak");
        try {
            return run(work);
        } finally {
            LocalFiles.deleteRecursively(work);
        }
    }

    private int run(Path work) throws Exception {
        say(String.format(Locale.ROOT, "soak: %,d events/s for %s over %,d customers, Redis %d ms slower, checkpoints every %d s",
                rate, human(duration), population.customers(), redisDelay.toMillis(), checkpointInterval.get().toSeconds()));
        try (LocalStack stack = LocalStack.start(work.resolve("stack"), new LocalStack.Ports(0, 0, 0));
                SlowProxy slowRedis = SlowProxy.start(stack.redis().host(), stack.redis().port(), redisDelay)) {
            say("  stack        Kafka " + stack.bootstrapServers() + " (own JVM), " + stack.redisUri()
                    + " (redis-server), the job's Redis via 127.0.0.1:" + slowRedis.port());
            partitions.create(stack.bootstrapServers());
            Clock clock = Clock.systemUTC();
            ProductCatalog products = population.catalog();
            EventGenerator generator = population.generator(products, clock, 0.0);
            // Ctrl-C must not leave a broker, a redis-server and a job JVM behind.
            Thread stopAll = new Thread(() -> {
                closeQuietly(jobProcess);
                closeQuietly(stack);
                closeQuietly(() -> LocalFiles.deleteRecursively(work));
            }, "kairos-soak-stop");
            Runtime.getRuntime().addShutdownHook(stopAll);
            try (LoadGenerator load = new LoadGenerator(stack.bootstrapServers());
                    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                jobProcess = startJob(work, stack, slowRedis);
                load.publishCatalog(products.bootstrapOffers(clock.millis()));
                long loadStart = System.currentTimeMillis();
                GcLog gc = new GcLog(work.resolve("gc.log"));
                try (SoakSampler sampler = new SoakSampler(jobProcess.rest(), gc, new ConsumerLag(admin, GROUP_ID,
                        List.of(Topics.CUSTOMER_EVENTS)), stack.redisUri(), load::acknowledged, loadStart)) {
                    ScheduledExecutorService every = Executors.newScheduledThreadPool(2); // jcmd takes seconds to attach
                    // Twice per verdict window: a full collection (the live set, whatever G1 left in
                    // old) and a canonical savepoint (the live state, whatever RocksDB left in files).
                    long weighEvery = Math.max(1_000, (duration.toMillis() - warmUp.toMillis()) / 18);
                    Path savepoints = Files.createDirectories(work.resolve("savepoints"));
                    every.scheduleAtFixedRate(() -> weigh(jobProcess, savepoints), weighEvery, weighEvery, TimeUnit.MILLISECONDS);
                    every.scheduleAtFixedRate(() -> {
                        try {
                            print(sampler.sample());
                        } catch (RuntimeException e) {
                            say("  sample failed: " + e); // the next one tries again
                        }
                    }, sampleEvery.toMillis(),
                            sampleEvery.toMillis(), TimeUnit.MILLISECONDS);
                    LoadGenerator.Summary sent;
                    try {
                        sent = load.run(generator, rate, duration);
                    } finally {
                        every.shutdown();
                        every.awaitTermination(1, TimeUnit.MINUTES);
                    }
                    jobProcess.checkAlive();
                    SoakSeries series = new SoakSeries(sampler.samples(), sampler.checkpoints());
                    return judge(series, sent, slowRedis, gc);
                }
            } finally {
                closeQuietly(jobProcess);
                Runtime.getRuntime().removeShutdownHook(stopAll);
            }
        }
    }

    /**
     * Asks the job JVM for a full collection ({@code jcmd <pid> GC.run}, System.gc()), as an
     * operator would to see the live set; the GC log then has a {@code Pause Full} line. A
     * collection of this small a heap pauses the job for a fraction of a second.
     */
    private static void weigh(JobProcess job, Path savepoints) {
        fullGc(job);
        try {
            job.rest().triggerCanonicalSavepoint(savepoints);
        } catch (Exception e) {
            say("  savepoint not triggered: " + e.getMessage());
        }
    }

    private static void fullGc(JobProcess job) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(job.pid()), "GC.run").redirectErrorStream(true).start();
            jcmd.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
            }
        } catch (Exception e) {
            say("  full collection not requested: " + e.getMessage());
        }
    }

    /** The job JVM, once started: what the shutdown hook stops. */
    private volatile JobProcess jobProcess;

    private static void closeQuietly(AutoCloseable part) {
        try {
            if (part != null) {
                part.close();
            }
        } catch (Exception e) {
            System.err.println("soak: stopping " + part + ": " + e.getMessage());
        }
    }

    private static final String GROUP_ID = "kairos-soak";

    private JobProcess startJob(Path work, LocalStack stack, SlowProxy slowRedis) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", stack.bootstrapServers(),
                "--redis-uri", "redis://127.0.0.1:" + slowRedis.port(),
                "--checkpoints", work.resolve("checkpoints").toString(),
                "--tmp-dir", Files.createDirectories(work.resolve("tmp")).toString(),
                "--group-id", GROUP_ID,
                "--parallelism", String.valueOf(run.parallelism()),
                "--checkpoint-interval", checkpointInterval.get().toMillis() + "ms",
                // Every checkpoint of the run, not Flink's last ten, for the curve and the verdict.
                "--job-option", "web.checkpoints.history=100000",
                // The demo's timings, so carts, reviews and the pyramid fire within the run.
                "--job-option", "kairos.cart.abandonment-delay=20 s",
                "--job-option", "kairos.pyramid.period=10 s",
                "--job-option", "kairos.pyramid.segment-review=10 s"));
        run.overrides().forEach((k, v) -> args.addAll(List.of("--job-option", k + "=" + v)));
        JobProcess job = JobProcess.start(work.resolve("job.out"),
                List.of("-Xmx" + jobHeap, GcLog.jvmOption(work.resolve("gc.log"))), args);
        job.awaitRunning(Duration.ofMinutes(3));
        say("  job          " + job.jobId + " in its own JVM (-Xmx" + jobHeap + "), web UI http://localhost:" + job.restPort);
        return job;
    }

    private int judge(SoakSeries series, LoadGenerator.Summary sent, SlowProxy slowRedis, GcLog gc) throws Exception {
        SoakVerdict.Settings settings = new SoakVerdict.Settings(warmUp.toMillis() / 1000.0,
                duration.toMillis() / 1000.0, checkpointInterval.get().toMillis(), rate);
        List<SoakVerdict.Check> checks = SoakVerdict.judge(series, settings);
        boolean passed = checks.stream().allMatch(SoakVerdict.Check::passed);
        List<String> summary = new ArrayList<>();
        summary.add(String.format(Locale.ROOT, "kairos soak: %,d events/s for %s, %,d customers, Redis +%d ms: %s",
                rate, human(duration), population.customers(), redisDelay.toMillis(), passed ? "bounded" : "NOT bounded"));
        summary.add(String.format(Locale.ROOT, "sent %,d events (%.0f/s achieved); %,d requests to Redis held %d ms each;"
                        + " %d collections in the job JVM; verdict after a %s warm-up:",
                sent.acknowledged(), sent.eventsPerSecond(), slowRedis.chunksDelayed(), redisDelay.toMillis(),
                gc.pauses(), human(warmUp)));
        checks.forEach(c -> summary.add("  " + c));
        summary.add("  live state by task (canonical savepoints over the thirds):");
        summary.addAll(SoakVerdict.stateByTask(series, settings));
        SoakReport.write(report, series, summary);
        say("");
        summary.forEach(SoakCommand::say);
        say("curves: " + report.toAbsolutePath().resolve(SoakReport.PNG) + " (data: " + SoakReport.CSV + ", "
                + SoakReport.CHECKPOINTS_CSV + ")");
        return passed ? 0 : 1;
    }

    private static void print(SoakSeries.Sample s) {
        say(String.format(Locale.ROOT, "  %5.0f s  sent %,9d  lag %,7d  heap %5.0f MB (after GC %4.0f, live %4.0f)  state %6.1f MB  redis %5.1f MB",
                s.second(), s.sent(), s.lag(), s.heapUsedMb(), s.heapAfterGcMb(), s.liveSetMb(), s.stateBytes() / 1e6,
                s.redisUsedBytes() / 1e6));
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
