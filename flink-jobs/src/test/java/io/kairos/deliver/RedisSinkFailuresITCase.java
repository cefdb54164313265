package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisServer;
import io.kairos.testing.JobMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The sink in a real job (parallelism 2) when things go wrong: the redis-server process is killed
 * mid-stream and restarted, and the job fails and restarts from a checkpoint, replaying what it
 * had already written. Either way every message id ends up in Redis exactly once: one offer, one
 * body, one dedup marker, and for push channels one stream entry.
 */
class RedisSinkFailuresITCase {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .build());

    @TempDir static Path checkpoints;

    /** Message i: customer c-(i mod 500), every other one on a push channel. */
    static PersonalizedMessage message(String run, long i) {
        long now = System.currentTimeMillis();
        Channel[] channels = {Channel.EMAIL, Channel.WEB, Channel.PUSH, Channel.APP, Channel.SMS, Channel.CALL_CENTER};
        return PersonalizedMessage.newBuilder()
                .setMessageId(run + "-m-" + i)
                .setCustomerId(run + "-c-" + (i % 500))
                .setOfferId("offer-" + (i % 7))
                .setTrigger(Trigger.CROSS_SELL)
                .setChannel(channels[(int) (i % channels.length)])
                .setTitle("Goes with what you bought")
                .setScore((i % 100) / 100.0)
                .setReason("test")
                .setCauseEventId("e-" + i)
                .setCreatedAt(now)
                .setExpiresAt(now + 3_600_000L)
                .setTemplateVars(Map.of())
                .build();
    }

    static boolean isPush(long i) {
        return i % 2 == 0;
    }

    /** Slows the stream down so that failures land in its middle. */
    static final class Throttle extends RichMapFunction<Long, Long> {
        @Override
        public Long map(Long value) throws Exception {
            if (value % 4 == 0) {
                Thread.sleep(2);
            }
            return value;
        }
    }

    /**
     * Fails the job once, when more than two sink batches went by since the latest completed
     * checkpoint: those were written to Redis (a full batch is written at once) and will be
     * replayed after the restore.
     */
    /**
     * Fails once, 120 records after the latest snapshot of this subtask whose checkpoint is known
     * complete: the restore then starts from exactly that checkpoint, and the records since (more
     * than two sink batches of 50) are already in Redis, so the replay must find duplicates.
     * Counting from the notification instead would race a newer checkpoint under load.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Long, Long>
            implements CheckpointListener, CheckpointedFunction {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private volatile long lastSnapshot = -1;
        private volatile boolean lastSnapshotComplete;
        private long sinceSnapshot;

        @Override
        public Long map(Long value) {
            if (lastSnapshotComplete && ++sinceSnapshot > 120 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a checkpoint");
            }
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            lastSnapshot = context.getCheckpointId();
            lastSnapshotComplete = false;
            sinceSnapshot = 0;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (checkpointId == lastSnapshot) {
                lastSnapshotComplete = true;
            }
        }
    }

    private static RedisSinkConfig sinkConfig(RedisServer redis) {
        return RedisSinkConfig.builder(redis.uri())
                .batchSize(50)
                .maxBufferDelay(Duration.ofMillis(20))
                .initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(500))
                .retryTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static JobID run(
            StreamExecutionEnvironment env, String run, long count, RedisServer redis, boolean failOnce)
            throws Exception {
        env.setParallelism(2);
        var numbers = env.fromSource(new NumberSequenceSource(0, count - 1), WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new Throttle()).uid("throttle");
        if (failOnce) {
            numbers = numbers.map(new FailOnceAfterCheckpoint()).uid("fail-once");
        }
        numbers.map(i -> RedisUpdate.message(message(run, i)))
                .returns(RedisUpdate.class)
                .uid("to-update")
                .sinkTo(new RedisSink(sinkConfig(redis)))
                .uid("redis");
        JobExecutionResult result = env.execute(run);
        return result.getJobID();
    }

    @Test
    void redisKilledAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        long count = 6000;
        try (RedisServer redis = RedisServer.startPersistent()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            CompletableFuture<Long> outage = CompletableFuture.supplyAsync(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    long seen = 0;
                    while (System.nanoTime() < deadline && (seen = countKeys(redis, "kairos:sent:*")) < 1000) {
                        Thread.sleep(20);
                    }
                    redis.kill(); // SIGKILL, while the sink is writing
                    Thread.sleep(1500);
                    redis.startAgain(); // same port, replays its append-only file
                    return seen;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JobID job = run(env, "outage", count, redis, false);
            long atKill = outage.get(10, TimeUnit.SECONDS);
            assertTrue(atKill >= 1000 && atKill < count, "killed mid-stream, after " + atKill);
            assertTrue(counterSum(job, "redisRetries") > 0, "the sink retried through the outage");
            assertExactlyOnce(redis, "outage", count);
        }
    }

    @Test
    void aRestartFromACheckpointLeavesExactlyOneStreamEntryPerMessage() throws Exception {
        long count = 6000;
        try (RedisServer redis = RedisServer.start()) {
            Configuration conf = new Configuration();
            conf.setString("execution.checkpointing.interval", "500 ms");
            conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
            conf.setString("restart-strategy.type", "fixed-delay");
            conf.setString("restart-strategy.fixed-delay.attempts", "3");
            conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            FailOnceAfterCheckpoint.FAILED.set(false);
            JobID job = run(env, "restart", count, redis, true);
            assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job failed once and restarted");
            assertTrue(counterSum(job, "duplicatesSkipped") > 0,
                    "the restart replayed messages already in Redis, and they were recognised");
            assertExactlyOnce(redis, "restart", count);
        }
    }

    private static void assertExactlyOnce(RedisServer redis, String run, long count) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            assertEquals(count, countKeys(redis, "kairos:sent:*"), "one dedup marker per message");
            assertEquals(count, countKeys(redis, "kairos:msg:*"), "one body per message");
            long offers = 0;
            for (int c = 0; c < 500; c++) {
                offers += client.zcard(ContractKeys.offers(run + "-c-" + c));
            }
            assertEquals(count, offers, "one offer entry per message");
            Map<String, Integer> streamed = new HashMap<>();
            for (Channel channel : ContractKeys.PUSH_CHANNELS) {
                for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
                    for (StreamEntry e : client.xrange(ContractKeys.stream(shard, channel), "-", "+")) {
                        streamed.merge(e.getFields().get("messageId"), 1, Integer::sum);
                    }
                }
            }
            Set<String> expected = new HashSet<>();
            for (long i = 0; i < count; i++) {
                if (isPush(i)) {
                    expected.add(run + "-m-" + i);
                }
            }
            assertEquals(expected, streamed.keySet(), "every push message is on its stream");
            streamed.forEach((id, n) -> assertEquals(1, n, id + " is on its stream once"));
        }
    }

    static long countKeys(RedisServer redis, String pattern) {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            long n = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(pattern).count(1000);
            do {
                ScanResult<String> page = client.scan(cursor, params);
                n += page.getResult().size();
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            return n;
        } catch (RuntimeException down) {
            return 0;
        }
    }

    private static long counterSum(JobID job, String name) {
        return new JobMetrics(METRICS).counterSum(job, name);
    }
}
