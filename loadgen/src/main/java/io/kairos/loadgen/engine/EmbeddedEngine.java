package io.kairos.loadgen.engine;

import io.kairos.channel.RedisEndpoint;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.job.JobConfig;
import io.kairos.job.PersonalizationJob;
import io.kairos.operate.ClockTicker;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.accuracy.ChurnSignals;
import io.kairos.loadgen.accuracy.Observed;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import redis.clients.jedis.UnifiedJedis;

/**
 * The real job (PersonalizationJob at a given parallelism, RocksDB, checkpoints) on a local Flink
 * MiniCluster over an embedded Kafka broker and a real redis-server, set up to evaluate a replayed
 * history: all topics created, options for history (no idleness, so event time waits for every
 * topic until the final clock tick; Redis expiries long enough for old events). Used by {@code
 * churn-eval}, {@code accuracy-eval}, {@code backtest} and their tests.
 */
public final class EmbeddedEngine implements AutoCloseable {
    private static final long DAY = 86_400_000L;

    private final RedisServer redis;
    private final EmbeddedKafka kafka;
    private final Path work;
    private JobClient job;

    private EmbeddedEngine(RedisServer redis, EmbeddedKafka kafka, Path work) {
        this.redis = redis;
        this.kafka = kafka;
        this.work = work;
    }

    /** Starts Redis and Kafka and creates the topics; the job starts with {@link #startJob}. */
    public static EmbeddedEngine start(int parallelism) throws Exception {
        RedisServer redis = RedisServer.start();
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            EngineTopics.create(kafka.bootstrapServers(), parallelism);
            return new EmbeddedEngine(redis, kafka, Files.createTempDirectory("kairos-eval"));
        } catch (Exception e) {
            redis.close();
            throw e;
        }
    }

    /**
     * Options for replaying {@code historyDays} of history that ends about now: what Redis would
     * otherwise expire on arrival (profiles, movement matrices, messages) lives the history plus a
     * month, and a customer keeps up to 1000 offers, so that every message of the history can be
     * read back; {@code extra} options win.
     */
    public static Map<String, String> historyOptions(int historyDays, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>();
        // No idleness: a partition that has sent its last event holds event time back until the
        // final clock tick, so every event is decided in event-time order however unevenly the
        // partitions are read; a short timeout would let a partition that lags for a moment fall
        // behind the watermark, and its events would be decided late.
        options.put("kairos.events.idle-timeout", "1 h");
        String keep = (historyDays + 30) + " d";
        options.put("kairos.customer.profile-ttl", keep);
        options.put("kairos.pyramid.movement-matrix-ttl", keep);
        options.put("kairos.message.ttl", keep);
        options.put("kairos.redis.max-offers-per-customer", "1000");
        options.put("execution.checkpointing.interval", "10 s");
        options.putAll(extra);
        return options;
    }

    /** Starts the job, reading every topic from the earliest offset. */
    /** Publishes {@code offers} to the offer catalog topic, as an operator would before the job starts; returns how many. */
    public int publishCatalog(List<OfferCatalogEntry> offers) throws Exception {
        try (LoadGenerator catalog = new LoadGenerator(bootstrapServers())) {
            return catalog.publishCatalog(Topics.OFFER_CATALOG, offers);
        }
    }

    public JobClient startJob(int parallelism, String groupId, Map<String, String> options) throws Exception {
        return startJob(parallelism, groupId, options, 0);
    }

    /**
     * As {@link #startJob(int, String, Map)}, with Flink's REST API (the web UI's port) on {@code
     * restPort}, for a caller that asks the job for its watermarks and checkpoints the way an
     * operator's tooling would; 0 for none.
     */
    public JobClient startJob(int parallelism, String groupId, Map<String, String> options, int restPort)
            throws Exception {
        Map<String, String> all = new HashMap<>(options);
        all.put("kairos.kafka.bootstrap-servers", kafka.bootstrapServers());
        all.put("kairos.kafka.group-id", groupId);
        all.put("kairos.kafka.starting-offsets", "EARLIEST");
        all.put("kairos.redis.uri", redis.uri());
        all.putIfAbsent("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        all.put("parallelism.default", String.valueOf(parallelism));
        JobConfig config = JobConfig.fromMap(all, Map.of());
        StreamExecutionEnvironment env;
        if (restPort > 0) {
            Configuration flink = config.flinkConfiguration();
            flink.set(RestOptions.PORT, restPort);
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        }
        PersonalizationJob.wire(env, config);
        job = env.executeAsync(PersonalizationJob.JOB_NAME);
        return job;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String redisUri() {
        return redis.uri();
    }

    public Path workDir() {
        return work;
    }

    public JobClient job() {
        return job;
    }

    public UnifiedJedis openRedis() {
        return RedisEndpoint.of(redis.uri()).open();
    }

    /** A clock tick at {@code epochMillis} on every partition of the customer event topic. */
    public void tick(long epochMillis) throws Exception {
        try (ClockTicker ticker = new ClockTicker(kafka.bootstrapServers())) {
            ticker.tick(eventTopics(), epochMillis);
        }
    }

    /** The topics the job reads customer events from: every partition of each needs a clock tick. */
    public List<String> eventTopics() {
        return List.of(Topics.CUSTOMER_EVENTS);
    }

    /**
     * Waits until neither the signals topic nor Redis has changed for {@code quiet} (the job has
     * caught up and fired its timers); returns the number of signals.
     */
    public long awaitQuiet(Duration quiet, Duration timeout, Consumer<String> progress) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        long quietSince = System.nanoTime();
        try (UnifiedJedis jedis = openRedis()) {
            while (true) {
                long signals = signalCount();
                String now = signals + "/" + jedis.dbSize();
                if (!now.equals(last)) {
                    last = now;
                    quietSince = System.nanoTime();
                    progress.accept(String.format("  signals %,d, redis keys %s", signals, now.substring(now.indexOf('/') + 1)));
                } else if (signals > 0 && System.nanoTime() - quietSince > quiet.toNanos()) {
                    return signals;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the job did not go quiet within " + timeout + " (at " + now + ")");
                }
                Thread.sleep(500);
            }
        }
    }

    /** Records on the customer-signals topic so far. */
    public long signalCount() throws Exception {
        try (var admin = kafka.admin()) {
            var partitions = admin.describeTopics(List.of(Topics.CUSTOMER_SIGNALS)).allTopicNames().get()
                    .get(Topics.CUSTOMER_SIGNALS).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(Topics.CUSTOMER_SIGNALS, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** Every CHURN_RISK_ENTERED and _CLEARED signal so far. */
    public List<Observed.ChurnSignal> churnSignals() {
        return ChurnSignals.read(kafka.bootstrapServers(), Topics.CUSTOMER_SIGNALS, Map.of());
    }

    /** The history ends at the last UTC midnight a day ago: all of it is a replay. */
    public static long historyEnd() {
        return (System.currentTimeMillis() / DAY - 1) * DAY;
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // already finished or stopped with a savepoint
                }
            }
        } finally {
            try {
                kafka.close();
            } finally {
                redis.close();
            }
        }
    }
}
