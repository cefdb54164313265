package io.kairos.loadgen.backtest;

import io.kairos.churn.BgNbdParameters;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.RecordedEvent;
import io.kairos.job.CustomerOptions;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.measure.ConsumerLag;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.ReplaySchedule;
import io.kairos.loadgen.replay.Replayer;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * One backtest on the embedded stack: the real job (RocksDB, checkpoints) over an embedded Kafka
 * and a real redis-server, the catalog published, the recording's events before {@code until}
 * replayed as fast as they go, event time moved to {@code until} with clock ticks, and, once the
 * job has caught up ({@link CatchUp}), its profiles, signals and decisions read back.
 */
public final class BacktestRun {
    private static final long DAY = 86_400_000L;
    static final String GROUP_ID = "kairos-backtest";

    /**
     * @param catalog the offers to publish
     * @param jobOptions job options on top of the history's (long TTLs, see {@link EmbeddedEngine#historyOptions})
     */
    public record Settings(Path recording, long until, List<OfferCatalogEntry> catalog, int parallelism,
                           Map<String, String> jobOptions, Duration timeout) {}

    /** What came out. */
    public record Outcome(Replayer.Summary replay, CatchUp.Result catchUp, EngineOutputs outputs, double seconds) {}

    private BacktestRun() {}

    /**
     * The job options for a backtest: the history's (TTLs that outlive it), the churn horizon and
     * BG/NBD parameters and dormant rate when given, then the user's, which win.
     */
    public static Map<String, String> jobOptions(long firstEvent, long until, Double horizonDays, BgNbdParameters bgNbd,
                                                 Double dormantRate, Map<String, String> user) {
        Map<String, String> extra = new HashMap<>();
        if (horizonDays != null) {
            extra.put(CustomerOptions.CHURN_HORIZON.key(), String.format(Locale.ROOT, "%.0f d", horizonDays));
        }
        if (bgNbd != null) {
            extra.put(CustomerOptions.CHURN_BGNBD_R.key(), Double.toString(bgNbd.r()));
            extra.put(CustomerOptions.CHURN_BGNBD_ALPHA.key(), Double.toString(bgNbd.alpha()));
            extra.put(CustomerOptions.CHURN_BGNBD_A.key(), Double.toString(bgNbd.a()));
            extra.put(CustomerOptions.CHURN_BGNBD_B.key(), Double.toString(bgNbd.b()));
            extra.put(CustomerOptions.CHURN_BGNBD_MODEL.key(), bgNbd.variant().optionName());
        }
        if (dormantRate != null) {
            extra.put(CustomerOptions.CHURN_BGNBD_DORMANT_RATE.key(), Double.toString(dormantRate));
        }
        extra.putAll(user);
        int historyDays = (int) Math.max(1, (until - firstEvent) / DAY + 1);
        return EmbeddedEngine.historyOptions(historyDays, extra);
    }

    static Outcome run(Settings s, java.util.Set<String> customers, Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedEngine engine = EmbeddedEngine.start(s.parallelism())) {
            try (LoadGenerator publisher = new LoadGenerator(engine.bootstrapServers())) {
                log.accept("published " + publisher.publishCatalog(Topics.OFFER_CATALOG, s.catalog()) + " offers");
            }
            int restPort = RedisServer.freePort();
            var job = engine.startJob(s.parallelism(), GROUP_ID, s.jobOptions(), restPort);
            log.accept("job " + job.getJobID() + " on the embedded stack, parallelism " + s.parallelism()
                    + ", Flink REST on port " + restPort);
            Replayer.Summary replay;
            try (RecordingReader reader = RecordingReader.open(s.recording());
                 KafkaReplaySink sink = new KafkaReplaySink(engine.bootstrapServers(), Map.of())) {
                Replayer replayer = new Replayer(sink, Topics.CUSTOMER_EVENTS,
                        new ReplaySchedule(ReplaySchedule.MAX, ReplaySchedule.Ticker.SYSTEM, ReplaySchedule.Sleeper.SYSTEM),
                        ReplaySchedule.Ticker.SYSTEM);
                replay = replayer.run(before(reader, s.until()), Instant.ofEpochMilli(s.until()));
            }
            log.accept("replayed: " + replay);
            if (replay.failed() > 0 || replay.advancedTo() == null) {
                throw new IllegalStateException("the replay failed: " + replay);
            }
            CatchUp.Result caughtUp;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers()))) {
                ConsumerLag lag = new ConsumerLag(admin, GROUP_ID, engine.eventTopics());
                caughtUp = new CatchUp(restPort, job.getJobID().toString(), lag).await(s.until(), s.timeout(), log);
            }
            log.accept(String.format(Locale.ROOT, "caught up: watermark %s at %s, checkpoint after it at %s, lag 0 at %s",
                    Instant.ofEpochMilli(caughtUp.minWatermark()), caughtUp.watermarkReachedAt(), caughtUp.checkpointedAt(),
                    caughtUp.lagZeroAt()));
            EngineOutputs outputs;
            try (UnifiedJedis redis = engine.openRedis()) {
                outputs = EngineOutputs.read(redis, customers, engine.bootstrapServers(), Topics.CUSTOMER_SIGNALS,
                        Topics.DECISIONS);
            }
            return new Outcome(replay, caughtUp, outputs, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The recording's events before {@code until}: what the job may know at that time. */
    static Iterator<RecordedEvent> before(Iterator<RecordedEvent> events, long until) {
        return new Iterator<>() {
            private RecordedEvent next = advance();

            private RecordedEvent advance() {
                while (events.hasNext()) {
                    RecordedEvent e = events.next();
                    if (e.getEventTime() < until) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RecordedEvent next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RecordedEvent e = next;
                next = advance();
                return e;
            }
        };
    }
}
