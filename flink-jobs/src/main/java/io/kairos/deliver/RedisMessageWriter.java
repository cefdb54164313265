package io.kairos.deliver;

import io.kairos.events.PersonalizedMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.Preconditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Buffers messages and writes them to Redis in pipelined batches: when the buffer is full, when
 * the oldest buffered message has waited {@code maxBufferDelay}, and before every checkpoint.
 *
 * <p>A failed batch is retried whole (the writes are idempotent) with exponential backoff; when
 * the attempts run out the writer fails the task, so Flink restores from the last checkpoint and
 * replays, which is safe for the same reason. Everything runs on the task's mailbox thread,
 * timer callbacks included, so there is no locking.
 */
final class RedisMessageWriter implements SinkWriter<PersonalizedMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisMessageWriter.class);

    private final RedisSinkConfig config;
    private final RedisMessageStore store;
    private final ProcessingTimeService timeService;
    private final List<PersonalizedMessage> buffer;
    private ScheduledFuture<?> flushTimer;

    private final Counter messagesWritten;
    private final Counter duplicatesSkipped;
    private final Counter streamEntriesWritten;
    private final Counter expiredSkipped;
    private final Counter retries;
    private final Counter recordsSent;

    RedisMessageWriter(
            RedisSinkConfig config,
            RedisMessageStore store,
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
        this.retries = metrics.counter("redisRetries");
        this.recordsSent = metrics.getNumRecordsSendCounter();
    }

    @Override
    public void write(PersonalizedMessage message, Context context)
            throws IOException, InterruptedException {
        buffer.add(Preconditions.checkNotNull(message));
        if (buffer.size() >= config.batchSize()) {
            flushBuffer();
        } else if (flushTimer == null) {
            long due = timeService.getCurrentProcessingTime() + config.maxBufferDelayMillis();
            flushTimer = timeService.registerTimer(due, time -> onFlushTimer());
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
        for (int attempt = 1; ; attempt++) {
            try {
                RedisMessageStore.BatchResult result =
                        store.write(buffer, System.currentTimeMillis());
                messagesWritten.inc(result.messagesWritten());
                recordsSent.inc(result.messagesWritten());
                duplicatesSkipped.inc(result.duplicatesSkipped());
                streamEntriesWritten.inc(result.streamEntriesWritten());
                expiredSkipped.inc(result.expiredSkipped());
                buffer.clear();
                return;
            } catch (JedisException e) {
                if (attempt >= config.maxAttempts()) {
                    throw new IOException(
                            "writing " + buffer.size() + " messages to Redis failed "
                                    + attempt + " times; last error: " + e.getMessage(),
                            e);
                }
                retries.inc();
                LOG.warn(
                        "Redis write of {} messages failed (attempt {} of {}), retrying in {} ms: {}",
                        buffer.size(), attempt, config.maxAttempts(), backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000L);
                try {
                    // Redis may have restarted and lost its script cache.
                    store.prepare();
                } catch (JedisException stillDown) {
                    // the next attempt reports it
                }
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
