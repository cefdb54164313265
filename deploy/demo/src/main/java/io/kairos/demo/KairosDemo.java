package io.kairos.demo;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.Delivery;
import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.channel.RedisEndpoint;
import io.kairos.console.ConsoleServer;
import io.kairos.demo.local.FlinkUiPort;
import io.kairos.demo.local.TopicPartitions;
import io.kairos.channel.ResponseReporter;
import io.kairos.channel.StreamWorker;
import io.kairos.deliver.RedisContractReader;
import io.kairos.events.OfferResponseType;
import redis.clients.jedis.UnifiedJedis;
import io.kairos.channel.ContractKeys;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.events.Channel;
import io.kairos.cli.DurationConverter;
import io.kairos.loadgen.engine.FlinkRest;
import io.kairos.loadgen.EventGenerator;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.PopulationOptions;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.measure.ConsumerLag;
import io.kairos.loadgen.measure.MachineInfo;
import io.kairos.loadgen.measure.MeasureOptions;
import io.kairos.loadgen.measure.MeasuredLoad;
import io.kairos.loadgen.measure.RateOptions;
import io.kairos.loadgen.measure.RateProfile;
import io.kairos.loadgen.report.Report;
import io.kairos.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.kairos.loadgen.engine.JobRunOptions;
import io.kairos.loadgen.engine.LocalFiles;
import io.kairos.loadgen.accuracy.DecisionTail;

/**
 * {@code ./kairos demo}: the whole engine on this machine, on real parts. An in-process Kafka
 * broker, a redis-server process, the personalization job on a local Flink MiniCluster (with
 * its web UI) and the load generator; progress while it runs, then a summary and a few messages
 * read back from Redis the way a channel would. It measures end-to-end latency through the
 * channel contract all along (the loadgen's {@link MeasuredLoad}), prints it in the summary, and
 * with {@code --report dir} writes report.json and report.html with charts. Exits 1 if no
 * message reached Redis.
 */
@Command(
        name = "kairos demo",
        mixinStandardHelpOptions = true,
        description = "Runs Kafka, Redis, the Flink job and the load generator locally, end to end.")
public final class KairosDemo implements Callable<Integer> {
    private String redisUri;
    private String kafkaBootstrap;

    private static final String GROUP_ID = "kairos-demo";

    @Option(names = "--duration", defaultValue = "60s", description = "How long load runs, e.g. 60s, 5m (default ${DEFAULT-VALUE}).", converter = DurationConverter.class)
    Duration duration;

    @Option(names = "--rate", defaultValue = "500", description = "Events per second the load generator aims for (default ${DEFAULT-VALUE}).")
    int rate;

    @CommandLine.Mixin PopulationOptions population = new PopulationOptions(5000);

    @CommandLine.Mixin TopicPartitions partitions;

    @Option(names = "--cart-delay", defaultValue = "20s", description = "Cart abandonment delay in event time (default ${DEFAULT-VALUE}; production default is 30m).", converter = DurationConverter.class)
    Duration cartDelay;

    @Option(names = "--poison-rate", defaultValue = "0.002", description = "Share of events sent as undecodable bytes, to show the dead-letter path (default ${DEFAULT-VALUE}).")
    double poisonRate;

    @Option(names = "--quiet-hours", defaultValue = "off",
            description = "Quiet hours in each customer's time zone, HH:mm-HH:mm (the job's default is 21:00-08:00), or"
                    + " 'off' (default ${DEFAULT-VALUE}): a one-minute demo at night would otherwise only show held messages.")
    String quietHours;

    @CommandLine.Mixin FlinkUiPort uiPort;

    @Option(names = "--console-port", defaultValue = "8090",
            description = "Port of the Kairos console (pyramid, customers, live decisions, churn watch) on 127.0.0.1;"
                    + " 0 picks a free one, -1 starts none (default ${DEFAULT-VALUE}).")
    int consolePort;

    @CommandLine.Mixin RateOptions rateOptions = new RateOptions();

    @CommandLine.Mixin MeasureOptions measureOptions;

    @CommandLine.Mixin JobRunOptions run;

    private RateProfile profile;

    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    public static void main(String[] args) {
        int code = new CommandLine(new KairosDemo()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Thread mainThread = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    // Ctrl-C: let the main thread stop things in order.
                                    if (finished.getCount() > 0) {
                                        interrupted.set(true);
                                        mainThread.interrupt();
                                        try {
                                            finished.await(30, TimeUnit.SECONDS);
                                        } catch (InterruptedException ignored) {
                                            Thread.currentThread().interrupt();
                                        }
                                    }
                                },
                                "kairos-demo-shutdown"));
        try {
            return run();
        } catch (InterruptedException e) {
            if (interrupted.get()) {
                say("interrupted: stopped everything.");
                return 130;
            }
            throw e;
        } finally {
            finished.countDown();
        }
    }

    private void validate() {
        if (duration.isZero() || duration.isNegative()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--duration must be positive");
        }
        if (rate <= 0 || !population.positive() || run.parallelism() <= 0 || partitions.count() <= 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--rate, --customers, --sessions, --parallelism and --partitions must be positive");
        }
        if (poisonRate < 0 || poisonRate > 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--poison-rate must be within [0, 1]");
        }
        profile = rateOptions.profile(new CommandLine(this), rate);
    }

    private int run() throws Exception {
        say("starting redis-server ...");
        try (RedisServer redis = RedisServer.start()) {
            say("  redis        " + redis.uri() + "  (" + redis.executablePath() + ")");
            say("starting Kafka (KRaft, in-process) ...");
            try (EmbeddedKafka kafka = EmbeddedKafka.start();
                    Admin admin = kafka.admin()) {
                say("  kafka        " + kafka.bootstrapServers());
                partitions.create(kafka.bootstrapServers());
                return runWith(redis, kafka, new ConsumerLag(admin, GROUP_ID, List.of(Topics.CUSTOMER_EVENTS)));
            }
        }
    }

    private int runWith(RedisServer redis, EmbeddedKafka kafka, ConsumerLag lag)
            throws Exception {
        redisUri = redis.uri();
        kafkaBootstrap = kafka.bootstrapServers();
        Clock clock = Clock.systemUTC();
        ProductCatalog products = population.catalog();
        EventGenerator generator = population.generator(products, clock, poisonRate);

        try (LoadGenerator load = new LoadGenerator(kafka.bootstrapServers())) {
            int offers = load.publishCatalog(products.bootstrapOffers(clock.millis()));
            say("  catalog      " + offers + " offers published to " + Topics.OFFER_CATALOG);

            Path checkpoints = Files.createTempDirectory("kairos-demo-checkpoints");
            try {
                JobClient job = startJob(kafka, redis, checkpoints);
                try (ConsoleServer console = startConsole(kafka, redis)) {
                    return drive(load, generator, job, lag, redis);
                } finally {
                    say("stopping the job ...");
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            } finally {
                LocalFiles.deleteRecursively(checkpoints);
            }
        }
    }

    private JobClient startJob(EmbeddedKafka kafka, RedisServer redis, Path checkpoints) throws Exception {
        Map<String, String> options = run.jobOptions(kafka.bootstrapServers(), GROUP_ID, redis.uri(), checkpoints);
        options.put("kairos.cart.abandonment-delay", cartDelay.toMillis() + " ms");
        // Event time (kairos.events.*), the checkpoint interval and the latency settings (network
        // buffer timeout, the Redis sink's buffer) keep the job's production defaults: what the
        // demo measures is what production gets (a checkpoint pauses the keyed operator briefly,
        // so 5 s checkpoints showed in the latency tail). --job-option (--flink) overrides any of them.
        // A minute-long demo would never see the hourly pyramid and daily segment reviews.
        options.put("kairos.pyramid.period", "10 s");
        options.put("kairos.pyramid.segment-review", "10 s");
        String[] quiet = quietHours.equalsIgnoreCase("off") ? new String[] {"00:00", "00:00"} : quietHours.split("-", 2);
        if (quiet.length != 2) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--quiet-hours must be HH:mm-HH:mm or off, was '" + quietHours + "'");
        }
        options.put("kairos.contact.quiet-hours-start", quiet[0].trim());
        options.put("kairos.contact.quiet-hours-end", quiet[1].trim());
        options.putAll(run.overrides());
        JobConfig config = JobConfig.fromMap(options, Map.of());

        Configuration flink = config.flinkConfiguration();
        int port = uiPort.resolve();
        restPort = port;
        flink.set(RestOptions.PORT, port);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        PersonalizationJob.wire(env, config);
        JobClient job = env.executeAsync(PersonalizationJob.JOB_NAME);
        checkpointInterval = flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL);
        say("  flink        job " + job.getJobID() + " on a local MiniCluster, parallelism " + run.parallelism()
                + ", checkpoints every " + human(checkpointInterval));
        say("  web UI       http://localhost:" + port);
        // Load starts once every task runs: what is measured is the running job, not its deployment.
        long waited = awaitTasksRunning(port, job, Duration.ofSeconds(60));
        say("  tasks        all running after " + waited + " ms");
        return job;
    }

    /**
     * The console over the demo's Redis and topics, on this machine only; null (nothing to close)
     * with {@code --console-port -1}. The demo's Redis has no ACL users, so it reads as the default user.
     */
    private ConsoleServer startConsole(EmbeddedKafka kafka, RedisServer redis) {
        if (consolePort < 0) {
            return null;
        }
        try {
            ConsoleServer console = ConsoleServer.start(RedisEndpoint.of(redis.uri()), kafka.bootstrapServers(), Map.of(),
                    ConsoleServer.Settings.defaults().withPort(consolePort).withCensusMaxAge(Duration.ofSeconds(5)));
            say("  console      " + console.url() + "  (pyramid, customers, live decisions, churn watch; while the demo runs)");
            return console;
        } catch (RuntimeException e) {
            // The console is there to look at the demo, not part of it: a port in use is no reason to stop.
            say("  console      not started: " + e.getMessage() + " (--console-port 0 picks a free port)");
            return null;
        }
    }

    /** The MiniCluster's REST port (web UI). */
    private int restPort;

    private Duration checkpointInterval;

    /**
     * Waits until every task of the job is RUNNING, as Flink's REST API tells ({@code /jobs/<id>}:
     * each vertex's status), at most {@code timeout}; returns how long it waited.
     */
    private static long awaitTasksRunning(int port, JobClient job, Duration timeout) throws Exception {
        long start = System.nanoTime();
        FlinkRest rest = new FlinkRest(port, job.getJobID().toString());
        while (System.nanoTime() - start < timeout.toNanos()) {
            checkRunning(job);
            try {
                if (rest.allTasksRunning()) {
                    break;
                }
            } catch (IOException e) {
                // not answering yet: ask again
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private int drive(
            LoadGenerator load, EventGenerator generator, JobClient job, ConsumerLag lag, RedisServer redis)
            throws Exception {
        say(String.format("producing %s for %s (%d customers, seed %d) ...", profile, human(duration), population.customers(), population.seed()));
        long started = System.nanoTime();
        UnifiedJedis probeRedis = RedisEndpoint.of(redis.uri()).open();
        MeasuredLoad measured = MeasuredLoad.start(load, probeRedis, lag, duration, measureOptions.warmUp());
        Thread producer = new Thread(() -> load.run(generator, profile, duration, 0), "kairos-loadgen");
        producer.setDaemon(true);
        producer.start();

        try (RedisContractReader reader = new RedisContractReader(redis.uri());
                probeRedis;
                measured) {
            while (producer.isAlive()) {
                producer.join(5_000);
                printProgress(load, job, lag, reader, started, measured);
                checkRunning(job);
            }
            LoadGenerator.Summary summary = load.summary();
            say("load generator done: " + summary);

            say("draining: waiting for the job to commit everything produced ...");
            long produced = lag.endOffsets();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long processed = 0;
            while (System.nanoTime() < deadline) {
                processed = lag.committed();
                if (processed >= produced) {
                    break;
                }
                checkRunning(job);
                Thread.sleep(1_000);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // the sink flushes before each checkpoint completes: what is committed is in Redis
            measured.settle(Duration.ofSeconds(2), Duration.ofSeconds(10));
            return printSummary(produced, processed, seconds, lag, reader, job, measured, summary);
        } finally {
            // On Ctrl-C: stop producing before the producer is closed under the thread's feet.
            producer.interrupt();
            producer.join(10_000);
        }
    }

    private void printProgress(
            LoadGenerator load, JobClient job, ConsumerLag progress, RedisContractReader reader, long started,
            MeasuredLoad measured)
            throws Exception {
        long processed = progress.committed();
        long messages = reader.countMessages();
        long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
        say(
                String.format(
                        "  [%3ds] produced %,9d | processed (checkpointed) %,9d | dead letters %,5d | messages in Redis %,6d | job %s%s",
                        elapsed, load.sent(), processed, progress.endOffsets(List.of(Topics.DEAD_LETTERS)),
                        messages, job.getJobStatus().get(5, TimeUnit.SECONDS), measured.latencyNow()));
    }

    /** What the engine decided, from the audit topic: outcomes and the rules that suppressed. */
    private void printDecisions(ConsumerLag progress) throws Exception {
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        Map<String, Long> rules = new java.util.TreeMap<>();
        io.kairos.schemas.AvroCodec<io.kairos.events.Decision> codec =
                io.kairos.schemas.AvroCodec.of(io.kairos.events.Decision.class);
        try (DecisionTail tail = new DecisionTail(kafkaBootstrap)) {
            for (byte[] value : tail.readToEnd()) {
                var decoded = codec.decode(value);
                if (decoded.isOk()) {
                    outcomes.merge(decoded.value().getOutcome().name(), 1L, Long::sum);
                    if (decoded.value().getSuppressedBy() != null) {
                        rules.merge(decoded.value().getSuppressedBy(), 1L, Long::sum);
                    }
                }
            }
        }
        say(String.format("decisions                  %,d  (topic %s)",
                progress.endOffsets(List.of(Topics.DECISIONS)), Topics.DECISIONS));
        say("  by outcome                " + outcomes);
        say("  suppressed by             " + rules);
    }

    private int printSummary(
            long produced, long processed, double seconds, ConsumerLag progress, RedisContractReader reader,
            JobClient job, MeasuredLoad measured, LoadGenerator.Summary loadSummary) throws Exception {
        long deadLetters = progress.endOffsets(List.of(Topics.DEAD_LETTERS));
        Map<String, Long> byTriggerAndChannel = reader.countMessagesByTriggerAndChannel();
        long messages = byTriggerAndChannel.values().stream().mapToLong(Long::longValue).sum();

        say("");
        say("=== Kairos demo summary ===");
        say(String.format("events produced            %,d", produced));
        say(String.format("events processed           %,d  (%,.0f events/s: first event produced to last one checkpointed, %.0f s)", processed, processed / seconds, seconds));
        say(String.format("dead letters               %,d", deadLetters));
        say(String.format("messages in Redis          %,d", messages));
        byTriggerAndChannel.forEach((key, count) -> say(String.format("  %-30s %,d", key, count)));
        say(String.format("customer signals           %,d  (topic %s)", progress.endOffsets(List.of(Topics.CUSTOMER_SIGNALS)), Topics.CUSTOMER_SIGNALS));
        printDecisions(progress);
        Map<String, Long> bySegment = reader.countProfilesBy("segment");
        say(String.format("profiles in Redis          %,d", bySegment.values().stream().mapToLong(Long::longValue).sum()));
        say("  by segment                " + bySegment);
        say("  by lifecycle              " + reader.countProfilesBy("lifecycle"));
        say("  at risk of churn          " + reader.countProfilesBy("atRisk").getOrDefault("true", 0L));
        CheckpointStats checkpoints = CheckpointStats.read(restPort, job.getJobID());
        say("checkpoints                " + checkpoints);
        long profiles = bySegment.values().stream().mapToLong(Long::longValue).sum();
        if (profiles > 0 && checkpoints.fullSize() > 0) {
            say(String.format("  state per customer       %,d bytes (full checkpoint / customers with a profile, all operators)",
                    checkpoints.fullSize() / profiles));
        }
        JobLatency sinkLatency;
        try {
            sinkLatency = JobLatency.sink(restPort, job.getJobID());
        } catch (java.io.IOException e) {
            sinkLatency = null; // the summary goes on without it
        }
        say("the job's own latency      " + (sinkLatency == null ? "(none recorded)" : sinkLatency)
                + "  (Redis sink, kairos.endToEndLatencyMs: Kafka timestamp of the cause to Redis's ack, last 4096 updates, worst subtask)");
        JobLatency arrival;
        try {
            arrival = JobLatency.arrival(restPort, job.getJobID());
        } catch (java.io.IOException e) {
            arrival = null;
        }
        say("  of which before the turn " + (arrival == null ? "(none recorded)" : arrival)
                + "  (personalization, kairos.eventAgeOnArrivalMs: Kafka timestamp of the event to the start of its turn, last 2048 events)");
        Map<String, Object> extra = new LinkedHashMap<>();
        if (sinkLatency != null) {
            extra.put("job's endToEndLatencyMs p50 (last 4096 updates, worst subtask)", sinkLatency.p50());
            extra.put("job's endToEndLatencyMs p99", sinkLatency.p99());
        }
        extra.put("events/s sent by the load generator", loadSummary.eventsPerSecond());
        extra.put("events processed (checkpointed)", processed);
        extra.put("events/s processed (first produced to last checkpointed)", processed / seconds);
        extra.put("dead letters", deadLetters);
        extra.put("messages in Redis (all channels)", messages);
        List<List<String>> rows = new ArrayList<>();
        byTriggerAndChannel.forEach((key, count) -> rows.add(List.of(key, String.format("%,d", count))));
        Report report = measured.finish("kairos demo", reportParameters(), extra)
                .withTable(new Report.Table("Messages in Redis", "by trigger and channel, counted in Redis at the end",
                        List.of("trigger / channel", "messages"), rows));
        say("latency, through the channel contract (every channel: push stream entries and pull message bodies;"
                + " landing time = landedAt, Redis's clock), overall, per trigger, per channel:");
        System.out.print(MeasuredLoad.latencyLines(report));
        Path written = measureOptions.write(report);
        if (written != null) {
            say("report                     " + written);
        }
        say("");
        say("");
        say("what channels receive, read with the channel client (io.kairos.channel, ./kairos channel):");
        try (UnifiedJedis channelRedis = RedisEndpoint.of(redisUri).open();
                ResponseReporter responses = new ResponseReporter(kafkaBootstrap)) {
            OfferReader offers = new OfferReader(channelRedis);
            for (String customer : reader.customersWithOffers(3)) {
                say("  pull  top offers of " + customer + " (OfferReader: one round trip on "
                        + ContractKeys.offers(customer) + ")");
                for (Offer offer : offers.topOffers(customer, 3)) {
                    Map<String, String> shown = new HashMap<>(offer.fields());
                    shown.put("messageId", offer.messageId());
                    say("        " + brief(shown));
                }
            }
            for (String customer : reader.customersWithProfiles(1)) {
                say("  screen-pop  " + customer + " (profile and best offer in one round trip)");
                say("        " + offers.screenPop(customer, 1).profile());
            }
            for (Channel channel : List.of(Channel.EMAIL, Channel.PUSH)) {
                StreamWorker worker = new StreamWorker(channelRedis, channel, "demo-senders", "demo-worker");
                worker.createGroup(true);
                List<Delivery> received = worker.poll(1); // one per shard
                say(String.format("  push  %s: worker demo-worker of group demo-senders, %d shards, %,d entries; received %d",
                        channel, ContractKeys.SHARDS, reader.streamLength(channel), received.size()));
                for (Delivery d : received.subList(0, Math.min(2, received.size()))) {
                    say("        " + brief(d.fields()));
                }
                long now = System.currentTimeMillis();
                for (Delivery d : received) {
                    responses.report(d, OfferResponseType.DELIVERED, now);
                }
                responses.flush();
                say(String.format("        reported DELIVERED for %d to %s, acknowledged %d",
                        received.size(), Topics.CUSTOMER_EVENTS, worker.ack(received)));
            }
        }
        if (messages == 0) {
            say("FAILED: no message reached Redis");
            return 1;
        }
        return 0;
    }

    private Map<String, String> reportParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", "kairos demo (embedded Kafka, redis-server, Flink MiniCluster, load generator in one JVM)");
        measureOptions.describe(p, profile, duration);
        p.put("customers", String.valueOf(population.customers()));
        p.put("sessions in flight", String.valueOf(population.sessions()));
        p.put("seed", String.valueOf(population.seed()));
        p.put("parallelism", String.valueOf(run.parallelism()));
        p.put("partitions", String.valueOf(partitions.count()));
        p.put("cart delay", cartDelay.toString());
        p.put("poison rate", String.valueOf(poisonRate));
        p.put("checkpoint interval", checkpointInterval == null ? "?" : human(checkpointInterval));
        run.overrides().forEach((k, v) -> p.put("option " + k, v));
        p.putAll(MachineInfo.describe());
        return p;
    }

    private static String brief(Map<String, String> message) {
        String customer = message.containsKey("customerId") ? " " + message.get("customerId") : "";
        return String.format(
                "%s%s %s via %s: \"%s\" (%s)",
                message.get("messageId").substring(0, 8),
                customer,
                message.get("trigger"),
                message.get("channel"),
                message.get("title"),
                message.get("reason"));
    }

    private static void checkRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            throw new IllegalStateException("the Flink job stopped: " + status + "; see the log in " + System.getProperty("java.io.tmpdir") + "/kairos-demo.log");
        }
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
