package io.kairos.deliver;

import static io.kairos.deliver.RedisStoreITCase.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.localstack.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import java.lang.reflect.Proxy;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Buffering, timed flushes and retries of the sink writer, against a real redis-server: down,
 * slow (paused clients: every call times out), back again; bounded by the retry timeout.
 */
class RedisUpdateWriterITCase {
    private RedisServer redis;
    private final ManualTimeService time = new ManualTimeService();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private RedisUpdateWriter writer(int batchSize, int maxAttempts) {
        RedisSinkConfig config =
                RedisSinkConfig.builder(redis.uri())
                        .batchSize(batchSize)
                        .maxBufferDelay(Duration.ofMillis(50))
                        .maxAttempts(maxAttempts)
                        .initialBackoff(Duration.ofMillis(100))
                        .build();
        return new RedisUpdateWriter(
                config,
                new RedisStore(config),
                time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    private long storedMessages() {
        try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
            return client.keys("kairos:msg:*").size();
        }
    }

    private static RedisUpdate fresh(String id) {
        PersonalizedMessage m = message(id, "c-" + id, Channel.EMAIL, 0.5);
        // Made now, live for an hour: without a watermark its lifetime counts from when it was made.
        m.setCreatedAt(System.currentTimeMillis());
        m.setExpiresAt(System.currentTimeMillis() + 3_600_000L);
        return RedisUpdate.message(m);
    }

    @Test
    void aPartialBatchWaitsForTheBufferDelay() throws Exception {
        try (RedisUpdateWriter writer = writer(10, 3)) {
            writer.write(fresh("m-1"), null);
            writer.write(fresh("m-2"), null);
            assertEquals(0, storedMessages());
            assertEquals(1, time.timers.size(), "one timer for the whole buffer");
            assertEquals(time.now + 50, time.timers.get(0).due);

            time.fireAll();
            assertEquals(2, storedMessages());
        }
    }

    @Test
    void aFullBatchIsWrittenAtOnceAndCancelsTheTimer() throws Exception {
        try (RedisUpdateWriter writer = writer(3, 3)) {
            writer.write(fresh("m-1"), null);
            writer.write(fresh("m-2"), null);
            writer.write(fresh("m-3"), null);
            assertEquals(3, storedMessages());
            assertTrue(time.timers.get(0).isCancelled());
        }
    }

    @Test
    void flushBeforeACheckpointWritesEverythingBuffered() throws Exception {
        try (RedisUpdateWriter writer = writer(100, 3)) {
            writer.write(fresh("m-1"), null);
            writer.flush(false);
            assertEquals(1, storedMessages());
        }
    }

    @Test
    void aBatchIsRetriedUntilRedisIsBack() throws Exception {
        try (RedisUpdateWriter writer = writer(100, 8)) {
            writer.write(fresh("m-1"), null);
            writer.flush(false);
            redis.stop();
            writer.write(fresh("m-2"), null);
            CompletableFuture<Void> comeback =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    Thread.sleep(400);
                                    redis.restart();
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            writer.flush(false); // blocks through the outage, retrying with backoff
            comeback.get();
            // The restarted server is empty: what it has is what the retry wrote.
            assertEquals(1, storedMessages());
        }
    }

    @Test
    void whenRetriesRunOutTheWriterFailsTheTaskNamingRedis() throws Exception {
        try (RedisUpdateWriter writer = writer(100, 2)) {
            writer.write(fresh("m-1"), null);
            redis.stop();
            IOException e = assertThrows(IOException.class, () -> writer.flush(false));
            assertTrue(e.getMessage().contains("failed 2 times"), e.getMessage());
        }
    }

    @Test
    void aSlowRedisTimesOutAndTheBatchIsRetriedUntilItAnswers() throws Exception {
        RedisSinkConfig config =
                RedisSinkConfig.builder(
                                io.kairos.channel.RedisEndpoint.builder(redis.uri())
                                        .timeout(Duration.ofMillis(300))
                                        .build())
                        .batchSize(100)
                        .initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(200))
                        .build();
        try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config), time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            writer.write(fresh("m-0"), null);
            writer.flush(false); // scripts loaded, connection pooled
            try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis(redis.host(), redis.port())) {
                admin.clientPause(1_000); // the server answers no client for 1 s
            }
            long start = System.nanoTime();
            writer.write(fresh("m-1"), null);
            writer.flush(false); // times out at 300 ms, retries until the server answers again
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 500, "waited for the slow server, " + tookMillis + " ms");
            assertEquals(2, storedMessages());
        }
    }

    /**
     * Redis unreachable and retrying is visible to an operator: a WARN line per retry naming the
     * Redis URI (masked) and the retry, the {@code redisRetries} counter, and the {@code
     * redisFailingMs} gauge, which is above 0 while the write is being retried and 0 again once
     * Redis answers (docs/OPERATIONS.md, Alerts).
     */
    @Test
    void redisUnreachableAndRetryingShowsInAWarningAndInTheSinksMetrics() throws Exception {
        MetricListener metrics = new MetricListener();
        RedisSinkConfig config =
                RedisSinkConfig.builder(
                                io.kairos.channel.RedisEndpoint.builder(redis.uri())
                                        .timeout(Duration.ofMillis(200))
                                        .build())
                        .initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(100))
                        .build();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.logging.log4j.core.Logger logger = (org.apache.logging.log4j.core.Logger)
                org.apache.logging.log4j.LogManager.getLogger(RedisUpdateWriter.class);
        org.apache.logging.log4j.core.appender.AbstractAppender capture =
                new org.apache.logging.log4j.core.appender.AbstractAppender("capture", null, null, true,
                        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                    @Override
                    public void append(org.apache.logging.log4j.core.LogEvent event) {
                        if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                            warnings.add(event.getMessage().getFormattedMessage());
                        }
                    }
                };
        capture.start();
        org.apache.logging.log4j.Level level = logger.getLevel();
        logger.addAppender(capture);
        logger.setLevel(org.apache.logging.log4j.Level.INFO);
        try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config), time,
                sinkWriterMetrics(metrics.getMetricGroup()))) {
            writer.write(fresh("m-0"), null);
            writer.flush(false);
            org.apache.flink.metrics.Gauge<Long> failingMs =
                    metrics.<Long>getGauge(RedisUpdateWriter.FAILING_MS).orElseThrow();
            assertEquals(0L, failingMs.getValue());
            long[] seen = {0};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    seen[0] = Math.max(seen[0], failingMs.getValue());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (redis.clients.jedis.Jedis admin = new redis.clients.jedis.Jedis(redis.host(), redis.port())) {
                admin.clientPause(1_000);
            }
            sampler.start();
            writer.write(fresh("m-1"), null);
            writer.flush(false);
            sampler.interrupt();
            sampler.join();
            assertEquals(2, storedMessages());
            assertTrue(metrics.getCounter("redisRetries").orElseThrow().getCount() > 0, "redisRetries");
            assertTrue(seen[0] > 0, "redisFailingMs while retrying: " + seen[0]);
            assertEquals(0L, failingMs.getValue(), "redisFailingMs once written");
            String masked = config.endpoint().maskedUri();
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("Redis unreachable at " + masked)
                    && w.contains("retrying in")), "a WARN line naming " + masked + " and the retry: " + warnings);
        } finally {
            logger.removeAppender(capture);
            logger.setLevel(level);
        }
    }

    @Test
    void theRetryTimeoutBoundsHowLongTheWriterBlocks() throws Exception {
        RedisSinkConfig config =
                RedisSinkConfig.builder(redis.uri())
                        .initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(100))
                        .retryTimeout(Duration.ofMillis(600))
                        .build();
        try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config), time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            writer.write(fresh("m-1"), null);
            redis.stop();
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> writer.flush(false));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis >= 400 && tookMillis < 5_000, tookMillis + " ms");
            assertTrue(e.getMessage().contains(redis.uri()), e.getMessage());
        }
    }

    @Test
    void withNoBufferDelayEveryUpdateIsWrittenAtOnce() throws Exception {
        RedisSinkConfig config = RedisSinkConfig.builder(redis.uri()).maxBufferDelay(Duration.ZERO).build();
        try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config), time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
            writer.write(fresh("m-1"), null);
            assertEquals(1, storedMessages());
            assertTrue(time.timers.isEmpty());
        }
    }

    @Test
    void theEndToEndLatencyOfEachUpdateWithAKnownCauseIsRecordedOnceWritten() throws Exception {
        MetricListener metrics = new MetricListener();
        RedisSinkConfig config = RedisSinkConfig.builder(redis.uri()).batchSize(10).build();
        long producedAt = System.currentTimeMillis() - 250;
        try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config), time,
                sinkWriterMetrics(metrics.getMetricGroup()))) {
            RedisUpdate known = fresh("m-1").withCauseProducedAt(producedAt);
            writer.write(known, null);
            writer.write(fresh("m-2"), null); // cause unknown (0): not recorded
            Histogram latency = metrics.getHistogram("kairos", RedisUpdateWriter.END_TO_END_LATENCY).orElseThrow();
            assertEquals(0, latency.getCount(), "nothing is recorded before Redis has it");
            writer.flush(false);
            assertEquals(1, latency.getCount());
            long recorded = latency.getStatistics().getMax();
            assertTrue(recorded >= 250 && recorded < 10_000, recorded + " ms");

            writer.write(RedisUpdate.withdraw(known.customerId(), Channel.EMAIL, Long.MAX_VALUE / 2), null);
            writer.flush(false);
            assertEquals(1, metrics.getCounter("messagesWithdrawn").orElseThrow().getCount());
        }
    }

    /** The writer's metric group on top of a {@link MetricListener}'s, which the test reads. */
    private static SinkWriterMetricGroup sinkWriterMetrics(MetricGroup group) {
        Counter recordsSend = new SimpleCounter();
        return (SinkWriterMetricGroup) Proxy.newProxyInstance(
                SinkWriterMetricGroup.class.getClassLoader(),
                new Class<?>[] {SinkWriterMetricGroup.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == SinkWriterMetricGroup.class) {
                        return method.getReturnType() == Counter.class ? recordsSend : null;
                    }
                    return method.invoke(group, args);
                });
    }

    /** Timers fire only when the test says so. */
    private static final class ManualTimeService implements ProcessingTimeService {
        long now = 1_000L;
        final List<Timer> timers = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long due, ProcessingTimeCallback callback) {
            Timer timer = new Timer(due, callback);
            timers.add(timer);
            return timer;
        }

        void fireAll() throws Exception {
            for (Timer timer : new ArrayList<>(timers)) {
                if (!timer.isCancelled()) {
                    now = Math.max(now, timer.due);
                    timer.callback.onProcessingTime(now);
                }
            }
        }
    }

    private static final class Timer extends CompletableFuture<Object>
            implements ScheduledFuture<Object> {
        final long due;
        final ProcessingTimeService.ProcessingTimeCallback callback;

        Timer(long due, ProcessingTimeService.ProcessingTimeCallback callback) {
            this.due = due;
            this.callback = callback;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }
}
