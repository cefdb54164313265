package io.kairos.job;

import static io.kairos.testing.JobMetrics.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.deliver.RedisContractReader;
import io.kairos.events.Channel;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.testing.JobMetrics;
import io.kairos.testing.KafkaTestClient;
import io.kairos.testing.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's rescale, on real Kafka and Redis: the job runs at parallelism 2, is stopped with
 * a savepoint while events are still arriving, restored at parallelism 4, stopped again
 * mid-stream and restored at parallelism 1. Each customer's key group moves to another subtask
 * at each cut, so a lost state, a lost timer or a replayed message would show in what lands in
 * Redis: every customer must end with all their purchases counted, exactly one cross-sell (the
 * cooldown in state suppresses the rest) and exactly one cart reminder (a timer that may be
 * pending at a cut), each written once. The dashboard and alerts are checked against the metrics
 * the restored job exposes.
 */
class RescaleITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();
    private static final JobMetrics METRICS = new JobMetrics(REPORTER);

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .build());

    private static final int CUSTOMERS = 40;
    private static final int ROUNDS = 12;
    private static final int PARTITIONS = 4;

    private static EmbeddedKafka kafka;
    private static RedisServer redis;

    @TempDir static Path checkpoints;
    @TempDir static Path savepoints;

    @BeforeAll
    static void startServers() throws Exception {
        kafka = EmbeddedKafka.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private final String prefix = "r" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private final String events = prefix + "customer-events";
    private final String catalog = prefix + "offer-catalog";
    // Recent enough that messages (valid for days after their moment) are still current in Redis.
    private final long t0 = System.currentTimeMillis() - TestEvents.ONE_DAY;
    private MiniCluster cluster;
    private long committedAtLastCut;

    @Test
    void savepointAtParallelism2RestoresAt4AndAt1WithoutLossOrDuplicates(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        this.cluster = cluster;
        kafka.createTopics(PARTITIONS, List.of(events,
                prefix + "dead-letters", prefix + "customer-signals", prefix + "decisions", prefix + "offer-feedback"));
        kafka.createCompactedTopic(catalog, 1);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(prefix + String.format("c-%03d", i));
        }

        try (KafkaTestClient kafkaClient = new KafkaTestClient(kafka.bootstrapServers())) {
            kafkaClient.send(catalog, "offer-lens", KafkaTestClient.encode(
                    TestEvents.accessoryOffer("lens", 1.0, List.of(Channel.EMAIL), "camera")));
            for (String c : customers) {
                kafkaClient.sendAsync(events, c, KafkaTestClient.encode(TestEvents.consent(c, Channel.EMAIL, t0 - 60_000)));
                kafkaClient.sendAsync(events, c, KafkaTestClient.encode(TestEvents.consent(c, Channel.PUSH, t0 - 59_000)));
            }
            kafkaClient.flush();

            JobClient atTwo = start(2, null);
            await("catalog broadcast to both subtasks",
                    () -> METRICS.counterSum(atTwo.getJobID(), "catalogUpdates") >= 2);
            String first = cutMidStream(atTwo, kafkaClient, customers, 0, 4);

            JobClient atFour = start(4, first);
            String second = cutMidStream(atFour, kafkaClient, customers, 4, 8);

            JobClient atOne = start(1, second);
            try {
                sendRounds(kafkaClient, customers, 8, ROUNDS);
                // Last, every customer leaves a cart; event time then moves past the reminders.
                long cartsAt = t0 + ROUNDS * TestEvents.ONE_HOUR;
                for (int i = 0; i < customers.size(); i++) {
                    String c = customers.get(i);
                    kafkaClient.sendAsync(events, c, KafkaTestClient.encode(
                            TestEvents.addToCart(c, "shoes", 80.0, cartsAt + i * 1_000L)));
                }
                kafkaClient.flush();
                kafkaClient.advanceEventTime(List.of(events),
                        cartsAt + TestEvents.ONE_HOUR);

                await("a cart reminder for every customer",
                        () -> customersIn(Channel.PUSH).size() >= CUSTOMERS,
                        () -> METRICS.describe(atOne.getJobID()));
                await("every purchase counted in the profiles", () -> purchasesCounted(customers) == CUSTOMERS * ROUNDS,
                        () -> "counted " + purchasesCounted(customers));
                // Let anything that would be a duplicate arrive before judging.
                Thread.sleep(2_000);
                Set<String> exposed = METRICS.prometheusNames(atOne.getJobID());
                for (String used : DeploymentManifestsTest.metricNamesUsedByMonitoring()) {
                    assertTrue(exposed.contains(used), "the dashboard or an alert queries " + used
                            + ", which the job does not expose");
                }
            } finally {
                atOne.cancel().get(30, TimeUnit.SECONDS);
            }
        }

        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            for (String c : customers) {
                Map<String, String> profile = reader.profile(c);
                assertEquals(String.valueOf(ROUNDS), profile.get("purchaseCount"),
                        c + ": every purchase, before and after both cuts, is in one state");
                Map<String, Integer> byTrigger = new TreeMap<>();
                for (Map<String, String> offer : reader.currentOffers(c)) {
                    byTrigger.merge(offer.get("trigger"), 1, Integer::sum);
                }
                assertEquals(Map.of("CART_ABANDONMENT", 1, "CROSS_SELL", 1), byTrigger,
                        c + ": one cross-sell (the restored cooldown held back " + (ROUNDS - 1)
                                + " more) and one cart reminder");
            }
        }
        assertEquals(customers, sorted(customersIn(Channel.EMAIL)), "one cross-sell email stream entry per customer");
        assertEquals(customers, sorted(customersIn(Channel.PUSH)), "one cart reminder push stream entry per customer");
    }

    /**
     * Sends rounds {@code from..to} in the background and stops the job with a savepoint once it
     * has decided about half of them, while the rest are still being sent.
     */
    private String cutMidStream(JobClient job, KafkaTestClient kafkaClient, List<String> customers, int from, int to)
            throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                sendRounds(kafkaClient, customers, from, to);
            } catch (Exception e) {
                failure.set(e);
            }
        }, "rescale-producer");
        try {
            producer.start();
            // A savepoint needs every task running; a restored job deploys them one by one.
            CommonTestUtils.waitForAllTaskRunning(cluster, job.getJobID(), false);
            int half = CUSTOMERS * (to - from) / 2;
            await("half of rounds " + from + ".." + to + " read",
                    () -> METRICS.counterSum(job.getJobID(), "purchase") >= half,
                    () -> METRICS.describe(job.getJobID()));
            awaitOffsetsCommittedPast(committedAtLastCut);
            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            producer.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            forgetWhatCameBeforeTheCut();
            try (Admin admin = kafka.admin()) {
                committedAtLastCut = sum(committedOffsets(admin));
            }
            return savepoint;
        } catch (Exception | AssertionError e) {
            job.cancel();
            throw e;
        }
    }

    /**
     * Deletes every record the job had read up to its last committed offsets, as Kafka's
     * retention eventually would: from now on, what came before lives only in the savepoint.
     * Without this, a restore that lost its state could rebuild it by reading the topics again,
     * and the test would not see the loss. (The job commits offsets when a checkpoint completes,
     * so they are never past the savepoint's.)
     */
    private void forgetWhatCameBeforeTheCut() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(admin);
            Map<TopicPartition, RecordsToDelete> before = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                before.put(e.getKey(), RecordsToDelete.beforeOffset(e.getValue().offset()));
            }
            admin.deleteRecords(before).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until the running job has committed offsets past the previous cut's. */
    private void awaitOffsetsCommittedPast(long previous) throws Exception {
        try (Admin admin = kafka.admin()) {
            await("offsets committed by a checkpoint", () -> sum(committedOffsets(admin)) > previous);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin) {
        try {
            return admin.listConsumerGroupOffsets(prefix + "job").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sum(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** Every customer buys a camera once per round, an hour of event time apart. */
    private void sendRounds(KafkaTestClient kafkaClient, List<String> customers, int from, int to)
            throws InterruptedException {
        for (int round = from; round < to; round++) {
            for (int i = 0; i < customers.size(); i++) {
                String c = customers.get(i);
                kafkaClient.sendAsync(events, c, KafkaTestClient.encode(
                        TestEvents.purchase(c, t0 + round * TestEvents.ONE_HOUR + i * 1_000L, "camera")));
            }
            kafkaClient.flush();
            Thread.sleep(150);
        }
    }

    private JobClient start(int parallelism, String savepoint) throws Exception {
        Map<String, String> options = TestJobOptions.of(
                kafka.bootstrapServers(), redis.uri(), prefix, prefix + "job", checkpoints.toUri() + "/" + prefix);
        options.put("parallelism.default", String.valueOf(parallelism));
        if (savepoint != null) {
            options.put("execution.state-recovery.path", savepoint);
        }
        JobConfig config = JobConfig.fromMap(options, Map.of());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        PersonalizationJob.wire(env, config);
        return env.executeAsync(PersonalizationJob.JOB_NAME + "-p" + parallelism);
    }

    /** The customers of the channel's push stream entries (all shards), one per entry. */
    private List<String> customersIn(Channel channel) {
        List<String> out = new ArrayList<>();
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            for (Map<String, String> entry : reader.streamEntries(channel, Integer.MAX_VALUE)) {
                String customer = entry.get("customerId");
                if (customer.startsWith(prefix)) {
                    out.add(customer);
                }
            }
        }
        return out;
    }

    private int purchasesCounted(List<String> customers) {
        int sum = 0;
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            for (String c : customers) {
                String count = reader.profile(c).get("purchaseCount");
                sum += count == null ? 0 : Integer.parseInt(count);
            }
        }
        return sum;
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        out.sort(null);
        return out;
    }
}
