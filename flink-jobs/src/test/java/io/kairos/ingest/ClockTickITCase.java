package io.kairos.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.PurchaseEvent;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.testing.TestEvents;
import io.kairos.testing.JobMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clock ticks end to end: the job's real Kafka source and watermark strategy at parallelism 2,
 * under a timer function that stands for "customer overdue 10 days after their last event". The
 * source never ends (so Flink's end-of-input MAX watermark cannot be what fires the timers), and
 * idleness is set far beyond the test's length (so a quiet partition cannot be left out of the
 * minimum): only ticks can move event time here.
 */
class ClockTickITCase {
    private static final long TEN_DAYS = Duration.ofDays(10).toMillis();
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Emits "seen:customer" per event, and "fired:customer" when its timer (event + 10 days) fires. */
    static final class OverdueAfterTenDays extends KeyedProcessFunction<String, CustomerEvent, String> {
        @Override
        public void processElement(CustomerEvent event, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(event.eventTime + TEN_DAYS);
            out.collect("seen:" + event.customerId);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("fired:" + ctx.getCurrentKey());
        }
    }

    @Test
    void ticksOnEveryPartitionFireTheTimersThatNoEventWouldEverFire() throws Exception {
        String prefix = "tick" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // Two listed input topics (kairos.events.topics), two partitions each: the watermark is
        // the minimum over all four partitions.
        List<String> topics = List.of(prefix + "customer-events", prefix + "legacy-purchases");
        kafka.createTopics(2, topics);
        List<String> customers = List.of(prefix + "anna", prefix + "bob", prefix + "carl", prefix + "dora");
        long t0 = System.currentTimeMillis() - Duration.ofDays(1).toMillis();

        JobConfig config = config(prefix, topics);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        CloseableIterator<String> results =
                PersonalizationJob.customerRecords(env, config)
                        .process(new DeadLetterRouter())
                        .uid("dead-letter-router")
                        .keyBy(e -> e.customerId)
                        .process(new OverdueAfterTenDays())
                        .uid("overdue-after-ten-days")
                        .collectAsync();
        JobClient job = env.executeAsync("clock-tick-it");
        BlockingQueue<String> out = drain(results);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String customer : customers) {
                ClickEvent click = TestEvents.click(customer, ClickType.PAGE_VIEW, t0);
                producer.send(new ProducerRecord<>(topics.get(0), key(customer), CustomerEventCodec.create().encode(click)));
            }
            // On the extra topic, as the old per-kind topics carried it: a bare PurchaseEvent.
            PurchaseEvent purchase = TestEvents.purchase(customers.get(0), t0 + 1_000, "camera");
            producer.send(new ProducerRecord<>(topics.get(1), key(customers.get(0)),
                    AvroCodec.of(PurchaseEvent.class).encode(purchase)));
            producer.flush();

            Set<String> seen = new TreeSet<>();
            Set<String> fired = new TreeSet<>();
            awaitOutput(out, seen, fired, () -> seen.size() == customers.size(), "every event processed");

            // The far tick on all partitions but one: the source's watermark is the minimum over
            // partitions, so nothing may fire yet.
            long farAway = t0 + 3 * TEN_DAYS;
            List<int[]> partitions = new ArrayList<>();
            for (int t = 0; t < topics.size(); t++) {
                for (int p = 0; p < 2; p++) {
                    partitions.add(new int[] {t, p});
                }
            }
            for (int[] tp : partitions.subList(0, partitions.size() - 1)) {
                tick(producer, topics.get(tp[0]), tp[1], farAway);
            }
            producer.flush();
            JobID id = job.getJobID();
            awaitCounter(id, "clockTicks", partitions.size() - 1);
            // A few watermark intervals (200 ms) for a wrongly advanced watermark to show.
            collectFor(out, seen, fired, 2_000);
            assertTrue(fired.isEmpty(), "no timer fires while one partition has no tick: " + fired);

            int[] last = partitions.get(partitions.size() - 1);
            tick(producer, topics.get(last[0]), last[1], farAway);
            producer.flush();
            awaitOutput(out, seen, fired, () -> fired.size() == customers.size(), "every customer's timer fired");
            assertEquals(new TreeSet<>(customers), fired.stream().map(f -> f.substring("fired:".length()))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
            assertEquals(partitions.size(), counterSum(id, "clockTicks"), "every tick counted, none an event");
            assertEquals(0, counterSum(id, "deadLetters"), "and none a dead letter");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            results.close();
        }
    }

    private static JobConfig config(String prefix, List<String> topics) {
        Map<String, String> options = new HashMap<>();
        options.put("kairos.kafka.bootstrap-servers", kafka.bootstrapServers());
        options.put("kairos.kafka.group-id", prefix + "group");
        options.put("kairos.kafka.starting-offsets", "EARLIEST");
        options.put("kairos.redis.uri", "redis://localhost:6379"); // required by the config, unused here
        options.put("kairos.events.topics", String.join(";", topics));
        options.put("kairos.events.max-out-of-orderness", "1 s");
        // Longer than the test: idleness must not be what lets event time move.
        options.put("kairos.events.idle-timeout", "10 min");
        options.put("parallelism.default", "2");
        options.put("restart-strategy.type", "none");
        // The collect sink hands results over on checkpoints: often, so the test does not wait.
        options.put("execution.checkpointing.interval", "500 ms");
        return JobConfig.fromMap(options, Map.of());
    }

    private static void tick(KafkaProducer<byte[], byte[]> producer, String topic, int partition, long at) {
        producer.send(new ProducerRecord<>(topic, partition, null, null, new byte[0],
                List.of(new RecordHeader(ClockTick.HEADER, ClockTick.encode(at)))));
    }

    private static byte[] key(String customer) {
        return customer.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The collect iterator blocks; a daemon thread moves what it yields into a queue. */
    private static BlockingQueue<String> drain(CloseableIterator<String> results) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                while (results.hasNext()) {
                    queue.add(results.next());
                }
            } catch (RuntimeException ended) {
                // The job was cancelled: nothing more to read.
            }
        }, "clock-tick-it-collect");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static void sort(String line, Set<String> seen, Set<String> fired) {
        if (line.startsWith("seen:")) {
            seen.add(line.substring("seen:".length()));
        } else {
            fired.add(line);
        }
    }

    private static void collectFor(BlockingQueue<String> out, Set<String> seen, Set<String> fired, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            String line = out.poll(left, TimeUnit.NANOSECONDS);
            if (line != null) {
                sort(line, seen, fired);
            }
        }
    }

    private static void awaitOutput(BlockingQueue<String> out, Set<String> seen, Set<String> fired,
            java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "; seen " + seen + ", fired " + fired);
            }
            String line = out.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                sort(line, seen, fired);
            }
        }
    }

    private static void awaitCounter(JobID job, String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counterSum(job, name) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + name + " >= " + atLeast + ", is "
                        + counterSum(job, name));
            }
            Thread.sleep(100);
        }
    }

    private static long counterSum(JobID job, String name) {
        return new JobMetrics(METRICS).counterSum(job, name);
    }
}
