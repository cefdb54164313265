package io.kairos.demo;

import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerSignal;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.SignalType;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.loadgen.ClockTicker;
import io.kairos.loadgen.churn.ChurnEvaluation;
import io.kairos.loadgen.churn.ChurnPopulation;
import io.kairos.loadgen.churn.ChurnPopulation.Customer;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos churn-eval}: how well the engine's churn early warning does on a population
 * with planted churners. Runs the real job (parallelism 2, RocksDB) on the embedded Kafka and
 * Redis, replays three years of purchases as fast as it can, advances event time past the end with
 * clock ticks so that silence is noticed, then reads the churn signals and scores them against
 * the truth; the final savepoint's size over the customers is the state per customer.
 */
@Command(
        name = "kairos churn-eval",
        mixinStandardHelpOptions = true,
        description = "Scores the churn early warning against a simulated population with planted churners.")
public final class ChurnEvalCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    @Option(names = "--customers", defaultValue = "2000", description = "Buyers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--churn-share", defaultValue = "0.25", description = "Share planted as churners (default ${DEFAULT-VALUE}).")
    double churnShare;

    @Option(names = "--days", defaultValue = "1095", description = "Length of the simulated history (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--detectable-after", defaultValue = "3",
            description = "A churner counts if the history ends at least this many of their gaps after their last purchase (default ${DEFAULT-VALUE}).")
    double detectableAfterGaps;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChurnEvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        // The history ends a day ago, so it is all a replay and profiles are fresh at the end.
        long end = (System.currentTimeMillis() / DAY - 1) * DAY;
        long start = end - days * DAY;
        List<Customer> truth = ChurnPopulation.generate(customers, churnShare, start, days, seed);
        List<Event> events = events(truth);
        say(String.format(Locale.ROOT, "population: %,d buyers (%,d planted churners), %,d events over %d days to %s",
                truth.size(), truth.stream().filter(Customer::churner).count(), events.size(), days, Instant.ofEpochMilli(end)));

        try (RedisServer redis = RedisServer.start(); EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(parallelism, Topics.CUSTOMER_EVENT_TOPICS);
            kafka.createTopics(1, List.of(Topics.DEAD_LETTERS));
            kafka.createTopics(parallelism, List.of(Topics.CUSTOMER_SIGNALS));
            kafka.createCompactedTopic(Topics.OFFER_CATALOG, 1);
            Path work = Files.createTempDirectory("kairos-churn-eval");
            JobClient job = startJob(kafka, redis, work);
            produce(kafka.bootstrapServers(), events);
            say(String.format(Locale.ROOT, "produced %,d events in %.0f s; advancing event time past the end ...",
                    events.size(), (System.nanoTime() - started) / 1e9));
            try (ClockTicker ticker = new ClockTicker(kafka.bootstrapServers())) {
                ticker.tick(Topics.CUSTOMER_EVENT_TOPICS, end + DAY);
            }
            long signals = awaitQuiet(kafka);
            say(String.format(Locale.ROOT, "%,d signals; taking a canonical savepoint ...", signals));
            Path savepoints = work.resolve("savepoints");
            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(5, TimeUnit.MINUTES);
            long savepointBytes = sizeOf(Path.of(java.net.URI.create(savepoint)));

            Map<String, List<Long>> flags = readChurnFlags(kafka.bootstrapServers());
            ChurnEvaluation evaluation = ChurnEvaluation.evaluate(truth, flags, end, detectableAfterGaps);
            say("");
            say("=== churn early warning against planted truth ===");
            System.out.print(evaluation.report());
            say(String.format(Locale.ROOT, "state: savepoint %,d bytes for %,d customers = %,.0f bytes per customer (canonical format, all operators)",
                    savepointBytes, truth.size(), savepointBytes / (double) truth.size()));
            say(String.format(Locale.ROOT, "wall time %.0f s", (System.nanoTime() - started) / 1e9));
            return 0;
        }
    }

    private JobClient startJob(EmbeddedKafka kafka, RedisServer redis, Path work) throws Exception {
        Map<String, String> options = new HashMap<>();
        options.put("kairos.kafka.bootstrap-servers", kafka.bootstrapServers());
        options.put("kairos.kafka.group-id", "kairos-churn-eval");
        options.put("kairos.kafka.starting-offsets", "EARLIEST");
        options.put("kairos.redis.uri", redis.uri());
        // No idleness: the topics without events (updates, responses) hold event time back
        // until the final clock tick, so every event is decided in event-time order however
        // unevenly the partitions are read; a short timeout would let a partition that lags for
        // a moment fall behind the watermark, and its events would be decided late.
        options.put("kairos.events.idle-timeout", "1 h");
        options.put("kairos.catalog.startup-wait", "2 s");
        // The history is years old: keep what Redis would otherwise expire on arrival.
        options.put("kairos.customer.profile-ttl", (days + 30) + " d");
        options.put("kairos.pyramid.movement-matrix-ttl", (days + 30) + " d");
        options.put("execution.checkpointing.interval", "10 s");
        options.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        options.put("parallelism.default", String.valueOf(parallelism));
        JobConfig config = JobConfig.fromMap(options, Map.of());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        PersonalizationJob.wire(env, config);
        return env.executeAsync(PersonalizationJob.JOB_NAME);
    }

    /** A product view an hour before each purchase; all in event-time order. */
    private static List<Event> events(List<Customer> truth) {
        List<Event> events = new ArrayList<>();
        AvroCodec<ClickEvent> clicks = AvroCodec.of(ClickEvent.class);
        AvroCodec<PurchaseEvent> purchases = AvroCodec.of(PurchaseEvent.class);
        for (Customer c : truth) {
            int n = 0;
            for (long at : c.purchases()) {
                String id = c.id() + "-" + n++;
                events.add(new Event(at - 3_600_000L, Topics.CLICKS, c.id(), clicks.encode(ClickEvent.newBuilder()
                        .setEventId("v-" + id).setEventTime(at - 3_600_000L).setCustomerId(c.id())
                        .setType(ClickType.PRODUCT_VIEW).setSessionId("s-" + id).setProductId("p-" + c.archetype())
                        .setCategory(c.archetype().name().toLowerCase(Locale.ROOT)).build())));
                events.add(new Event(at, Topics.PURCHASES, c.id(), purchases.encode(PurchaseEvent.newBuilder()
                        .setEventId("p-" + id).setEventTime(at).setCustomerId(c.id()).setOrderId("o-" + id)
                        .setLines(List.of(OrderLine.newBuilder().setProductId("p-" + c.archetype())
                                .setCategory(c.archetype().name().toLowerCase(Locale.ROOT)).setQuantity(1)
                                .setUnitPrice(20 + c.id().hashCode() % 7 * 10).build()))
                        .build())));
            }
        }
        events.sort(Comparator.comparingLong(Event::at));
        return events;
    }

    private record Event(long at, String topic, String customer, byte[] value) {}

    private static void produce(String bootstrap, List<Event> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "20"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(e.topic(), e.customer().getBytes(StandardCharsets.UTF_8), e.value()));
            }
            producer.flush();
        }
    }

    /** Waits until the signals topic has not grown for 20 s (the job has caught up and fired its timers). */
    private static long awaitQuiet(EmbeddedKafka kafka) throws Exception {
        long last = -1;
        long quietSince = System.nanoTime();
        while (true) {
            long now = signalCount(kafka);
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
                say(String.format(Locale.ROOT, "  signals so far %,d", now));
            } else if (now > 0 && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(20)) {
                return now;
            }
            Thread.sleep(2_000);
        }
    }

    private static long signalCount(EmbeddedKafka kafka) throws Exception {
        var admin = kafka.admin();
        var partitions = admin.describeTopics(List.of(Topics.CUSTOMER_SIGNALS)).allTopicNames().get()
                .get(Topics.CUSTOMER_SIGNALS).partitions();
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(Topics.CUSTOMER_SIGNALS, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Every CHURN_RISK_ENTERED time per customer, from the signals topic. */
    private static Map<String, List<Long>> readChurnFlags(String bootstrap) {
        Map<String, List<Long>> flags = new HashMap<>();
        AvroCodec<CustomerSignal> codec = AvroCodec.of(CustomerSignal.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CUSTOMER_SIGNALS).stream()
                    .map(p -> new TopicPartition(Topics.CUSTOMER_SIGNALS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < endOffsets.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    CustomerSignal s = codec.decode(r.value()).value();
                    if (s.getType() == SignalType.CHURN_RISK_ENTERED) {
                        flags.computeIfAbsent(s.getCustomerId(), k -> new ArrayList<>()).add(s.getEventTime());
                    }
                }
            }
        }
        return flags;
    }

    private static long sizeOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
