package io.kairos.deliver;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.util.Preconditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Buffers updates (messages, profiles, forgets, movement counts, withdrawals) and writes them to
 * Redis in pipelined batches, in arrival order: when the buffer is full, when the oldest buffered
 * update has waited {@code maxBufferDelay} (0: at once), and before every checkpoint.
 *
 * <p>Once a batch is acknowledged, every update in it that carries its cause's Kafka timestamp
 * ({@link RedisUpdate#causeProducedAt}) adds now minus that timestamp to the histogram
 * {@code kairos.endToEndLatencyMs}: produce to Redis, every wait included (Kafka, the job's
 * buffers and timers, backpressure, this buffer, retries, a restore's replay).
 *
 * <p>A failed batch is retried whole (the writes are idempotent) with exponential backoff capped
 * at {@code maxBackoff}, for up to {@code retryTimeout} (10 min by default): the writer blocks
 * meanwhile, so the buffer never holds more than one batch and the job is backpressured rather
 * than dropping updates or filling memory. When the retry time runs out the writer fails the
 * task, so Flink restores from the last checkpoint and replays, which is safe for the same
 * reason.
 *
 * <p>Keys expire after what is left of their lifetime at the job's event time, the highest
 * watermark this writer has seen ({@link EventTimeExpiry}), so a replayed history keeps its
 * profiles and messages for their configured lifetimes. An update that has already expired in
 * event time is not written: counted ({@code expiredSkipped}, {@code expiredProfilesSkipped},
 * {@code expiredMovementsSkipped}) and logged at most once a minute. Everything runs on the task's mailbox thread,
 * timer callbacks included, so there is no locking.
 */
final class RedisUpdateWriter implements SinkWriter<RedisUpdate> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisUpdateWriter.class);
    /**
     * Gauge: how long the write in progress has been failing and retrying, in ms; 0 while Redis
     * answers. With the {@code redisRetries} counter, what an alert on an unreachable Redis reads.
     */
    static final String FAILING_MS = "redisFailingMs";
    /** System.nanoTime() of the first failure of the write being retried; 0 when none is. */
    private volatile long failingSince;

    /** The histogram of produce-to-Redis latency (ms), in the metric group {@code kairos}. */
    static final String END_TO_END_LATENCY = "endToEndLatencyMs";

    /** Latencies the histogram keeps: the most recent ones. */
    static final int LATENCY_WINDOW = 4096;

    private final RedisSinkConfig config;
    private final RedisStore store;
    private final ProcessingTimeService timeService;
    private final List<RedisUpdate> buffer;
    private ScheduledFuture<?> flushTimer;

    private final Counter messagesWritten;
    private final Counter duplicatesSkipped;
    private final Counter streamEntriesWritten;
    private final Counter expiredSkipped;
    private final Counter expiredProfilesSkipped;
    private final Counter expiredMovementsSkipped;
    /** The highest watermark seen: the job's event time, or UNKNOWN before the first. */
    private long jobEventTime = EventTimeExpiry.UNKNOWN;
    private long expiredLoggedAt;
    private long expiredSinceLog;
    private final Counter profilesWritten;
    private final Counter staleProfilesSkipped;
    private final Counter profilesSuperseded;
    private final Counter customersForgotten;
    private final Counter writesRefusedForgotten;
    private final Counter movementCountsWritten;
    private final Counter messagesWithdrawn;
    private final Histogram endToEndLatency;
    private final Counter retries;
    private final Counter recordsSent;

    RedisUpdateWriter(
            RedisSinkConfig config,
            RedisStore store,
            ProcessingTimeService timeService,
            SinkWriterMetricGroup metrics) {
        this.config = config;
        this.store = store;
        this.timeService = timeService;
        this.buffer = new ArrayList<>(config.batchSize());
        this.messagesWritten = metrics.counter("messagesWritten");
        this.duplicatesSkipped = metrics.counter("duplicatesSkipped");
        this.streamEntriesWritten = metrics.counter("streamEntriesWritten");
        this.expiredSkipped = metrics.counter("expiredSkipped");
        this.expiredProfilesSkipped = metrics.counter("expiredProfilesSkipped");
        this.expiredMovementsSkipped = metrics.counter("expiredMovementsSkipped");
        this.profilesWritten = metrics.counter("profilesWritten");
        this.staleProfilesSkipped = metrics.counter("staleProfilesSkipped");
        this.profilesSuperseded = metrics.counter("profilesSuperseded");
        this.customersForgotten = metrics.counter("customersForgotten");
        this.writesRefusedForgotten = metrics.counter("writesRefusedForgotten");
        this.movementCountsWritten = metrics.counter("movementCountsWritten");
        this.messagesWithdrawn = metrics.counter("messagesWithdrawn");
        this.endToEndLatency = metrics.addGroup("kairos")
                .histogram(END_TO_END_LATENCY, new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        this.retries = metrics.counter("redisRetries");
        metrics.gauge(FAILING_MS, (Gauge<Long>) this::failingMillis);
        this.recordsSent = metrics.getNumRecordsSendCounter();
    }

    private long failingMillis() {
        long since = failingSince;
        return since == 0 ? 0 : (System.nanoTime() - since) / 1_000_000L;
    }

    @Override
    public void write(RedisUpdate update, Context context)
            throws IOException, InterruptedException {
        buffer.add(Preconditions.checkNotNull(update));
        if (buffer.size() >= config.batchSize() || config.maxBufferDelayMillis() == 0) {
            flushBuffer();
        } else if (flushTimer == null) {
            long due = timeService.getCurrentProcessingTime() + config.maxBufferDelayMillis();
            flushTimer = timeService.registerTimer(due, time -> onFlushTimer());
        }
    }

    @Override
    public void writeWatermark(Watermark watermark) {
        observeWatermark(watermark.getTimestamp());
    }

    /** The end of a bounded input (Long.MAX_VALUE) is no event time: it would expire everything. */
    private void observeWatermark(long watermark) {
        if (watermark != Long.MAX_VALUE) {
            jobEventTime = Math.max(jobEventTime, watermark);
        }
    }

    private void onFlushTimer() throws IOException, InterruptedException {
        flushTimer = null;
        flushBuffer();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (buffer.isEmpty()) {
            return;
        }
        long backoff = config.initialBackoffMillis();
        long firstFailure = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                RedisStore.BatchResult result =
                        store.write(buffer, new EventTimeExpiry(System.currentTimeMillis(), jobEventTime));
                messagesWritten.inc(result.messagesWritten);
                recordsSent.inc(buffer.size());
                duplicatesSkipped.inc(result.duplicatesSkipped);
                streamEntriesWritten.inc(result.streamEntriesWritten);
                expiredSkipped.inc(result.expiredSkipped);
                expiredProfilesSkipped.inc(result.expiredProfilesSkipped);
                expiredMovementsSkipped.inc(result.expiredMovementsSkipped);
                logExpired(result);
                profilesWritten.inc(result.profilesWritten);
                staleProfilesSkipped.inc(result.staleProfilesSkipped);
                profilesSuperseded.inc(result.profilesSuperseded);
                customersForgotten.inc(result.customersForgotten);
                writesRefusedForgotten.inc(result.writesRefusedForgotten);
                movementCountsWritten.inc(result.movementCountsWritten);
                messagesWithdrawn.inc(result.messagesWithdrawn);
                recordLatencies(System.currentTimeMillis());
                if (attempt > 1) {
                    LOG.info("Redis write of {} updates to {} succeeded on attempt {} after {} ms",
                            buffer.size(), config.endpoint().maskedUri(), attempt, failingMillis());
                }
                failingSince = 0;
                buffer.clear();
                return;
            } catch (JedisException e) {
                long nowNanos = System.nanoTime();
                if (attempt == 1) {
                    firstFailure = nowNanos;
                    if (failingSince == 0) {
                        failingSince = nowNanos;
                    }
                }
                long failingMillis = (nowNanos - firstFailure) / 1_000_000L;
                if (attempt >= config.maxAttempts()
                        || failingMillis + backoff > config.retryTimeoutMillis()) {
                    failingSince = 0; // the task fails; a restarted writer starts afresh
                    throw new IOException(
                            "writing " + buffer.size() + " updates to Redis ("
                                    + config.endpoint().maskedUri() + ") failed " + attempt
                                    + " times over " + failingMillis + " ms; last error: "
                                    + e.getMessage(),
                            e);
                }
                retries.inc();
                LOG.warn(
                        "Redis unreachable at {}: write of {} updates failed (attempt {}, failing for {} ms),"
                                + " retrying in {} ms: {}",
                        config.endpoint().maskedUri(), buffer.size(), attempt, failingMillis, backoff, e.toString());
                // Blocks the task's mailbox thread: no new updates come in meanwhile, so the
                // buffer stays bounded and the job is backpressured instead of dropping.
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, config.maxBackoffMillis());
                try {
                    // Redis may have restarted and lost its script cache.
                    store.prepare();
                } catch (JedisException stillDown) {
                    // the next attempt reports it
                }
            }
        }
    }

    /**
     * A replay whose TTLs are shorter than its history drops updates: say so, but not per batch.
     * The counts are exact in the metrics; the log says that it happens, and since when.
     */
    private void logExpired(RedisStore.BatchResult result) {
        expiredSinceLog += result.expiredSkipped + result.expiredProfilesSkipped + result.expiredMovementsSkipped;
        long now = System.currentTimeMillis();
        if (expiredSinceLog > 0 && now - expiredLoggedAt >= 60_000L) {
            LOG.warn("{} updates not written to Redis since {}: already expired at the job's event time {} (this batch:"
                            + " {} messages, {} profiles, {} movement counts); a replay needs TTLs"
                            + " (kairos.customer.profile-ttl, kairos.message.ttl, kairos.pyramid.movement-matrix-ttl) as long as its history",
                    expiredSinceLog, expiredLoggedAt == 0 ? "start" : Instant.ofEpochMilli(expiredLoggedAt),
                    jobEventTime == EventTimeExpiry.UNKNOWN ? "(no watermark yet)" : Instant.ofEpochMilli(jobEventTime),
                    result.expiredSkipped, result.expiredProfilesSkipped, result.expiredMovementsSkipped);
            expiredLoggedAt = now;
            expiredSinceLog = 0;
        }
    }

    private void recordLatencies(long ackedAt) {
        for (RedisUpdate update : buffer) {
            if (update.causeProducedAt > 0) {
                endToEndLatency.update(Math.max(0, ackedAt - update.causeProducedAt));
            }
        }
    }

    @Override
    public void close() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
        }
        store.close();
    }
}
