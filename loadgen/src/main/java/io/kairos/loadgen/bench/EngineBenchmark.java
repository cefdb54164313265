package io.kairos.loadgen.bench;

import io.kairos.catalog.CatalogSnapshot;
import io.kairos.channel.KafkaBytes;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.ingest.DeadLetterRouter;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.job.PersonalizationPipeline;
import io.kairos.job.RedisSinks;
import io.kairos.loadgen.EventGenerator;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.Population;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.engine.JobRunOptions;
import io.kairos.loadgen.engine.LocalFiles;
import io.kairos.loadgen.measure.ConsumerLag;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos bench-engine}: what the engine costs, on the same data, in one process. A topic
 * set is preloaded once; then each variant reads all of it from the start on a fresh local
 * cluster: a bare job (decode, keyBy customer, a count in RocksDB, discard) as the floor, the
 * full engine with a discarding sink, the full engine with the Redis sink, and the full engine
 * on the heap state backend. Then the engine again on a population with many more distinct
 * customers. It prints events/s, events/s per core used, the ratios to the bare job, and the
 * state bytes per customer from a canonical savepoint.
 *
 * <p>Every variant runs with the job's production settings (30 s incremental checkpoints on
 * RocksDB). Throughput is the records processed by the operator that keys every event (the
 * count, or the personalization operator), read from its {@code numRecordsIn} metric in this
 * JVM ({@link RecordsProcessed}): from the end of a warm-up (the first fifth of the preload, by
 * default: each variant's code is compiled by the JIT as it runs) to the last of the preload (the count includes the few hundred broadcast
 * control records the personalization operator also takes in), so start-up
 * is not counted. Cores used are the CPU time of this JVM (which also runs the Kafka broker that
 * serves the reads, the same for every variant) and of the redis-server process, over that
 * window.
 */
@Command(
        name = "bench-engine",
        mixinStandardHelpOptions = true,
        description = "Throughput of the engine against a bare Flink job on the same preloaded data.")
public final class EngineBenchmark implements Callable<Integer> {
    private static final int PARTITIONS = 4;

    @Option(names = "--events", defaultValue = "600000", description = "Events preloaded per data set (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--customers", defaultValue = "100000", description = "Population of the main data set (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--many-customers", defaultValue = "10000000",
            description = "Population of the second data set, for the engine only; 0 skips it (default ${DEFAULT-VALUE}).")
    int manyCustomers;

    @Option(names = "--all-in-state", negatable = true, defaultValue = "true",
            description = "Before the many-customers data set's traffic, one event for every customer of its population,"
                    + " so that all of them are in state while the traffic is measured (default ${DEFAULT-VALUE}).")
    boolean allInState;

    @Option(names = "--variants", split = ",", defaultValue = "bare,engine-discard,engine-redis,engine-heap",
            description = "Which variants to run on the main data set; none skips it (default ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(names = "--warm-up", defaultValue = "0.2",
            description = "Share of the preload processed before the measurement starts: JIT compilation, caches and"
                    + " the first sight of most customers are not steady state (default ${DEFAULT-VALUE}).")
    double warmUp;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated data (default ${DEFAULT-VALUE}).")
    long seed;

    // The same parallelism and --job-option options for every variant: a tuning is tried on the same data.
    @Mixin JobRunOptions run;

    @Option(names = "--timeout", defaultValue = "900", description = "Seconds a variant may take (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** One variant's figures. */
    record Result(String variant, long events, double seconds, double cores, long customers, long savepointBytes,
                  Window seeding) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double perCore() {
            return cores > 0 ? eventsPerSecond() / cores : Double.NaN;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EngineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        try (RedisServer redis = RedisServer.start()) {
            if (!variants.equals(List.of("none"))) {
                runDataSet(redis, customers, variants, "", results);
            }
            if (manyCustomers > 0) {
                runDataSet(redis, manyCustomers, List.of("engine-redis"),
                        " (" + human(manyCustomers) + (allInState ? " in state)" : " population)"), results);
            }
        }
        print(results);
        return 0;
    }

    private void runDataSet(RedisServer redis, int population, List<String> which, String label, Map<String, Result> results)
            throws Exception {
        say(String.format(Locale.ROOT, "starting Kafka and preloading %,d events of a %,d-customer population ...", events, population));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.admin()) {
            kafka.createTopics(PARTITIONS, List.of(Topics.CUSTOMER_EVENTS));
            kafka.createTopics(1, List.of(Topics.DEAD_LETTERS, Topics.CUSTOMER_SIGNALS, Topics.DECISIONS, Topics.OFFER_FEEDBACK));
            kafka.createCompactedTopic(Topics.OFFER_CATALOG, 1);
            boolean seedAll = allInState && population == manyCustomers && population != customers;
            long seeded = 0;
            long distinct;
            if (seedAll) {
                // The traffic is produced only once the job has every customer in state (see
                // measure): Flink reads all partitions side by side, so traffic preloaded next
                // to the seeding would be measured before all customers are in.
                seeded = seedEveryCustomer(kafka, population);
                distinct = population;
            } else {
                distinct = preload(kafka, population);
                say(String.format(Locale.ROOT, "  preloaded: %,d events, %,d distinct customers", events, distinct));
            }
            ConsumerLag progress = new ConsumerLag(admin, "kairos-bench", List.of(Topics.CUSTOMER_EVENTS));
            long total = progress.endOffsets(List.of(Topics.CUSTOMER_EVENTS));
            for (String variant : which) {
                Result r = runVariant(variant, kafka, redis, progress, total, distinct, seeded, population);
                results.put(variant + label, r);
                say(String.format(Locale.ROOT, "  %-28s %,10.0f events/s  %.2f cores  %,9.0f events/s per core%s",
                        variant + label, r.eventsPerSecond(), r.cores(), r.perCore(),
                        r.savepointBytes() > 0 ? String.format(Locale.ROOT, "  state %,d B/customer", r.savepointBytes() / Math.max(1, r.customers())) : ""));
            }
        }
    }

    /**
     * One page view for every customer of the population, before the traffic: with a population
     * of 10M, random traffic would touch only a fraction of it in any run that fits a session,
     * and what the benchmark asks is how the engine does when all of them are in state.
     */
    private long seedEveryCustomer(EmbeddedKafka kafka, int population) throws Exception {
        say(String.format(Locale.ROOT, "  one event for each of %,d customers first ...", population));
        CustomerEventCodec codec = CustomerEventCodec.create();
        // One millisecond apart, ending before the traffic starts: event time moves on as they
        // are read, so each is decided as it comes. With one timestamp for all, every seed would
        // wait for the watermark and be decided in one go when the traffic moves it.
        long at = Clock.systemUTC().millis() - population - 60_000L;
        try (KafkaProducer<byte[], byte[]> producer = preloadProducer(kafka)) {
            for (int i = 0; i < population; i++) {
                String id = Population.customerId(i);
                ClickEvent view = ClickEvent.newBuilder()
                        .setEventId("seed-" + i).setEventTime(at + i).setCustomerId(id)
                        .setType(ClickType.PAGE_VIEW).setSessionId("seed-" + i).setPageUrl("/").build();
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, id.getBytes(StandardCharsets.UTF_8), codec.encode(view)));
            }
            producer.flush();
        }
        return population;
    }

    /** A producer for the preloads: throughput before durability (acks 1, large batches). */
    private static KafkaProducer<byte[], byte[]> preloadProducer(EmbeddedKafka kafka) {
        return KafkaBytes.producer(kafka.bootstrapServers(), Map.of(
                "acks", "1", "linger.ms", "20", "batch.size", "262144", "compression.type", "lz4"), Map.of());
    }

    /** Produces the seeded synthetic traffic as fast as the broker takes it; returns the distinct customers. */
    private long preload(EmbeddedKafka kafka, int population) throws Exception {
        Clock clock = Clock.systemUTC();
        ProductCatalog products = new ProductCatalog(seed);
        try (LoadGenerator load = new LoadGenerator(kafka.bootstrapServers())) {
            load.publishCatalog(products.bootstrapOffers(clock.millis()));
        }
        EventGenerator generator = new EventGenerator(new Population(population, seed), products, seed, clock, 0.0);
        BitSet seen = new BitSet();
        try (KafkaProducer<byte[], byte[]> producer = preloadProducer(kafka)) {
            for (long i = 0; i < events; i++) {
                EventGenerator.GeneratedEvent e = generator.next();
                seen.set(Integer.parseInt(e.key().substring(2)));
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, e.key().getBytes(StandardCharsets.UTF_8), e.value()));
            }
            producer.flush();
        }
        return seen.cardinality();
    }

    private Result runVariant(
            String variant, EmbeddedKafka kafka, RedisServer redis, ConsumerLag progress, long total, long distinct,
            long seeded, int population) throws Exception {
        String group = "bench-" + variant + "-" + System.nanoTime();
        Path checkpoints = Files.createTempDirectory("kairos-bench-checkpoints");
        Path savepoints = Files.createTempDirectory("kairos-bench-savepoints");
        try {
            Map<String, String> options = run.jobOptions(kafka.bootstrapServers(), group, redis.uri(), checkpoints);
            options.put("kairos.kafka.starting-offsets", "EARLIEST");
            options.put("kairos.events.idle-timeout", "2 s");
            options.putAll(run.overrides());
            if (variant.equals("engine-heap")) {
                options.put("state.backend.type", "hashmap");
            }
            JobConfig config = JobConfig.fromMap(options, Map.of());
            Configuration flink = config.flinkConfiguration();
            flink.setString("taskmanager.memory.managed.size", "512m");
            RecordsProcessed.addTo(flink);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(run.parallelism(), flink);
            boolean engine = wire(variant, env, config, PersonalizationJob.bootstrapCatalog(config));
            JobClient job = env.executeAsync("bench-" + variant);
            try {
                String counted = engine ? "personalization" : "count-per-customer";
                Window[] windows = measure(job, counted, total, seeded, redis, () -> {
                    preload(kafka, population);
                    return progress.endOffsets(List.of(Topics.CUSTOMER_EVENTS));
                });
                Window window = windows[1];
                long savepointBytes = 0;
                if (engine && seeded == 0) { // a savepoint of 10M customers takes longer than the run is worth
                    String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(120, TimeUnit.SECONDS);
                    savepointBytes = LocalFiles.sizeOf(Path.of(java.net.URI.create(savepoint)));
                } else {
                    job.cancel().get(60, TimeUnit.SECONDS);
                }
                return new Result(variant, window.events, window.seconds, window.cores, distinct, savepointBytes, windows[0]);
            } catch (Exception e) {
                job.cancel();
                throw e;
            }
        } finally {
            LocalFiles.deleteRecursively(checkpoints);
            LocalFiles.deleteRecursively(savepoints);
        }
    }

    /**
     * Adds the variant's graph; true if it is the full engine. The engine decides its first events
     * with {@code catalog}, as the job does with the catalog it reads at submission.
     */
    static boolean wire(String variant, StreamExecutionEnvironment env, JobConfig config, CatalogSnapshot catalog) {
        switch (variant) {
            case "bare":
                PersonalizationJob.customerRecords(env, config)
                        .process(new DeadLetterRouter()).uid("bench-decode").name("decode")
                        .keyBy(e -> e.customerId)
                        .process(new CountPerCustomer()).uid("bench-count").name("count-per-customer")
                        .sinkTo(new DiscardingSink<>()).uid("bench-discard").name("discard");
                return false;
            case "engine-discard":
            case "engine-heap":
                sinkOutputs(PersonalizationJob.engine(env, config, catalog), false, config);
                return true;
            case "engine-redis":
                sinkOutputs(PersonalizationJob.engine(env, config, catalog), true, config);
                return true;
            default:
                throw new CommandLine.ParameterException(new CommandLine(new EngineBenchmark()),
                        "unknown variant '" + variant + "'; known: bare, engine-discard, engine-redis, engine-heap");
        }
    }

    /** The engine's Redis updates to Redis ({@code toRedis}) or discarded; every other output discarded. */
    private static void sinkOutputs(PersonalizationPipeline.Outputs outputs, boolean toRedis, JobConfig config) {
        if (toRedis) {
            outputs.redisUpdates().sinkTo(RedisSinks.fromConfig(config)).uid(PersonalizationPipeline.Uids.REDIS_SINK).name("redis");
        } else {
            outputs.redisUpdates().sinkTo(new DiscardingSink<RedisUpdate>()).uid("bench-discard-redis").name("discard-redis");
        }
        outputs.signals().sinkTo(new DiscardingSink<>()).uid("bench-discard-signals").name("discard-signals");
        outputs.deadLetters().sinkTo(new DiscardingSink<>()).uid("bench-discard-dead-letters").name("discard-dead-letters");
        outputs.decisions().sinkTo(new DiscardingSink<>()).uid("bench-discard-decisions").name("discard-decisions");
        outputs.feedback().sinkTo(new DiscardingSink<>()).uid("bench-discard-feedback").name("discard-feedback");
    }

    record Window(long events, double seconds, double cores) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /**
     * From the first record the {@code counted} operator processed to the last of the preload;
     * CPU over the same span.
     * With {@code seeded} events first (one per customer), two windows: up to the commit covering
     * them (customers entering state), and from there to the end (the traffic, measured with all
     * of them in state); otherwise the first is null.
     */
    private Window[] measure(
            JobClient job, String counted, long total, long seeded, RedisServer redis,
            java.util.concurrent.Callable<Long> produceTraffic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long firstAt = 0;
        long firstProcessed = 0;
        double firstCpu = 0;
        Window seeding = null;
        long lastReport = System.nanoTime();
        if (seeded > 0) {
            // Millions of customers take minutes: measured from the submission, start-up included.
            firstAt = System.nanoTime();
            firstCpu = cpuSeconds(redis);
        }
        while (System.nanoTime() < deadline) {
            long processed = RecordsProcessed.of(job.getJobID(), counted);
            long now = System.nanoTime();
            if (firstAt == 0 && processed > 0 && processed >= warmUp * total && seeded == 0) {
                firstAt = now;
                firstProcessed = processed;
                firstCpu = cpuSeconds(redis);
            }
            if (seeded > 0 && seeding == null && firstAt != 0 && processed >= seeded) {
                double seconds = (now - firstAt) / 1e9;
                double cpu = cpuSeconds(redis);
                seeding = new Window(processed - firstProcessed, seconds, (cpu - firstCpu) / seconds);
                say(String.format(Locale.ROOT, "    all %,d customers in state after %.0f s (%,.0f events/s); producing the traffic now",
                        seeded, seconds, seeding.eventsPerSecond()));
                firstAt = System.nanoTime();
                firstProcessed = processed;
                firstCpu = cpuSeconds(redis);
                total = produceTraffic.call(); // the job reads it as it is produced; the window includes producing
                continue;
            }
            if ((seeded == 0 || seeding != null) && processed >= total && firstAt != 0 && processed > firstProcessed) {
                double seconds = (now - firstAt) / 1e9;
                return new Window[] {seeding, new Window(processed - firstProcessed, seconds, (cpuSeconds(redis) - firstCpu) / seconds)};
            }
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                say(String.format(Locale.ROOT, "    ... %,d of %,d (%s)", processed, total, job.getJobStatus().get(5, TimeUnit.SECONDS)));
                lastReport = now;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the variant did not read all " + total + " events within " + timeoutSeconds + " s");
    }

    /** CPU seconds of this JVM and of the redis-server process so far. */
    private static double cpuSeconds(RedisServer redis) {
        double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return jvm + processCpuSeconds(redis.pid());
    }

    /** utime + stime of a process from /proc, in seconds; 0 where /proc is not there. */
    static double processCpuSeconds(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[11], [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void print(Map<String, Result> results) {
        Result bare = results.get("bare");
        say("");
        say("=== Kairos engine benchmark ===");
        say(String.format(Locale.ROOT, "%-30s %12s %7s %14s %9s %12s %14s", "variant", "events/s", "cores", "events/s/core", "vs bare", "customers", "state B/cust"));
        for (Map.Entry<String, Result> e : results.entrySet()) {
            Result r = e.getValue();
            say(String.format(Locale.ROOT, "%-30s %,12.0f %7.2f %,14.0f %9s %,12d %14s",
                    e.getKey(), r.eventsPerSecond(), r.cores(), r.perCore(),
                    bare == null ? "-" : String.format(Locale.ROOT, "%.2f", r.eventsPerSecond() / bare.eventsPerSecond()),
                    r.customers(), r.savepointBytes() > 0 ? String.format(Locale.ROOT, "%,d", r.savepointBytes() / Math.max(1, r.customers())) : "-"));
        }
        for (Map.Entry<String, Result> e : results.entrySet()) {
            Window w = e.getValue().seeding();
            if (w != null) {
                say(String.format(Locale.ROOT, "%-30s %,12.0f %7.2f %,14.0f   (putting %,d customers into state, one event each, before the row above)",
                        "  seeding", w.eventsPerSecond(), w.cores(), w.cores() > 0 ? w.eventsPerSecond() / w.cores() : Double.NaN, w.events()));
            }
        }
        say("events/s: events processed by the keyed operator after the warm-up (" + Math.round(warmUp * 100) + "% of the preload) to the last of it (30 s checkpoints);"
                + " cores: CPU time of this JVM (job and the Kafka broker serving it) and of redis-server over that span;"
                + " state: canonical savepoint of all operators / distinct customers in the data.");
    }

    /** Counts events per customer in keyed state: the cheapest job that still keeps state per customer. */
    static final class CountPerCustomer extends KeyedProcessFunction<String, CustomerEvent, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(CustomerEvent event, Context ctx, Collector<Long> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(next);
        }
    }

    private static String human(long n) {
        return n >= 1_000_000 ? (n / 1_000_000) + "M" : n >= 1_000 ? (n / 1_000) + "k" : String.valueOf(n);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
