package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.SignalType;
import io.kairos.operate.ClockTicker;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.engine.JobWatermark;
import io.kairos.loadgen.measure.TopicToEnd;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.ReplaySchedule;
import io.kairos.loadgen.replay.Replayer;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism is a tested property: one recorded scenario (300 customers, 56 days: cart
 * reminders, birthdays, replenishments, win-backs after a churn review, messages held for quiet
 * hours), replayed into the real job (embedded Kafka, redis-server, MiniCluster) at max speed and
 * at a slow speed, at parallelism 2 and 4, gives every customer the same decisions (decision id,
 * trigger, cause, decision time, offer, channel, outcome, send time, suppressing rule) and the
 * same signals in every run.
 *
 * <p><b>The runs.</b> Each on a fresh engine (Kafka, Redis, job, consumer group), so no run sees
 * another's output:
 * <ul>
 *   <li>(a) parallelism 2, max speed: the recording is in Kafka within a second or two and the job
 *       reads it as fast as it can, with the watermark far behind the events it decides; most due
 *       work runs in line, before a later event of its customer, the rest on the timers that the
 *       final clock tick fires;
 *   <li>(b) the same at parallelism 4: other subtasks, other partitions, another reading order;
 *   <li>(c) parallelism 2 at a slow speed (the scenario in {@link #SLOW_SECONDS} s), with a clock
 *       that ticks every partition to the replay's position every {@link #CLOCK_PERIOD} (as a
 *       live source's watermark follows the traffic), so the watermark passes due instants
 *       between a customer's events and timers, not the next event, run most due work;
 *   <li>(d) the negative control: (c) with {@code kairos.due-work.in-line=false}. Due work then
 *       waits for the watermark, and an event that arrives after a due instant but before the
 *       watermark has passed it is decided first, so the history depends on replay speed: (d)
 *       must differ from (a).
 * </ul>
 * Each run prints the operator's counters dueWorkOnTimer, dueWorkInLine and lateEvents, which
 * show how its due work ran. At the end of each run a clock tick moves event time a day past
 * the end; the run waits until the job's watermark after the personalization operator has passed
 * it (every timer up to then has fired) and the decisions topic has stopped growing, then reads
 * the decisions and customer-signals topics whole.
 *
 * <p><b>What is frozen.</b> A replay reproduces a customer's own history and due work; inputs
 * learned from the whole population are used as currently known (docs/ARCHITECTURE.md, "What a
 * replay reproduces"), so they are frozen here: the pyramid period and the learning publish
 * interval are a century, so no pyramid thresholds, response rates or co-purchase associations
 * are published during a run (every decision uses none: buyers are LOW, the prior response rates,
 * no learned cross-sells); the catalog is published before the job starts and not changed; the
 * holdout is a hash of customer and trigger anyway.
 *
 * <p>A customer's events must reach the operator in the order of their log: with clicks,
 * purchases and customer updates on separate topics read side by side, the arrival order of one
 * customer's events depends on how fast each topic is read, and this test fails (late events,
 * consents and sessions applied after the purchase they preceded).
 */
class ReplayDeterminismITCase {
    private static final long DAY = 86_400_000L;
    /** The cause of what the customer model's own review found (decide.CustomerReview.CAUSE). */
    private static final String REVIEW_CAUSE = "timer:review";
    private static final int CUSTOMERS = 300;
    private static final int DAYS = 56;
    private static final long SEED = 11;
    /** Wall time of the slow replay. */
    private static final int SLOW_SECONDS = 20;
    /** How often the moving clock of the slow runs ticks. */
    private static final Duration CLOCK_PERIOD = Duration.ofMillis(250);

    /** Population-level inputs frozen for the whole run: nothing learned is published. */
    static final Map<String, String> FROZEN = Map.of(
            "kairos.pyramid.period", "36500 d",
            "kairos.learning.publish-interval", "36500 d");

    @Test
    void everyCustomerGetsTheSameDecisionsAtAnySpeedAndParallelism(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        Scenario.Settings settings =
                new Scenario.Settings(CUSTOMERS, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - DAYS * DAY), DAYS, SEED);
        Scenario scenario = new Scenario(settings);
        Scenario.Summary summary = scenario.write(dir);
        say("scenario: " + summary.recording + "\n" + summary.table().trim());
        List<OfferCatalogEntry> offers = scenario.catalog().offers(System.currentTimeMillis());
        Path events = dir.resolve(Scenario.EVENTS_FILE);
        long advanceTo = settings.endMillis() + DAY;
        double slow = DAYS * (double) DAY / (SLOW_SECONDS * 1000.0);

        Run a = run("a: parallelism 2, max speed", events, offers, advanceTo, 2, ReplaySchedule.MAX, true);
        Run b = run("b: parallelism 4, max speed", events, offers, advanceTo, 4, ReplaySchedule.MAX, true);
        Run c = run(String.format(Locale.ROOT, "c: parallelism 2, %.0fx", slow), events, offers, advanceTo, 2, slow, true);

        Run d = run(String.format(Locale.ROOT, "d: parallelism 2, %.0fx, due work NOT in line", slow), events, offers,
                advanceTo, 2, slow, false);

        say(a.table());
        say(a.suppressions());
        say(a.dueWork());
        for (Run r : List.of(b, c, d)) {
            List<String> decisions = differing(a, r);
            List<String> signals = differingSignals(a, r);
            say(String.format(Locale.ROOT, "run %s%s: %d of %d customers decided differently than in run %s, %d of %d"
                            + " had other signals%n%s%s", r.name, r == d ? " (the negative control)" : "",
                    decisions.size(), a.byCustomer.size(), a.name, signals.size(), a.signalsByCustomer.size(),
                    explain(a, r, decisions, 4), explainSignals(a, r, signals, 2)));
        }
        say(String.format(Locale.ROOT, "wall time %.0f s", (System.nanoTime() - t0) / 1e9));
        List<String> control = differing(a, d);
        assertAll(
                () -> assertCovers(a),
                () -> assertSameAs(a, b),
                () -> assertSameAs(a, c),
                () -> assertFalse(control.isEmpty(), "without in-line due work the slow replay should decide differently"));
    }

    private static void assertSameAs(Run expected, Run actual) {
        List<String> decisions = differing(expected, actual);
        assertTrue(decisions.isEmpty(), String.format(Locale.ROOT, "%d customers decided differently in %s than in %s%n%s",
                decisions.size(), actual.name, expected.name, explain(expected, actual, decisions, 5)));
        List<String> signals = differingSignals(expected, actual);
        assertTrue(signals.isEmpty(), String.format(Locale.ROOT, "%d customers had other signals in %s than in %s%n%s",
                signals.size(), actual.name, expected.name, explainSignals(expected, actual, signals, 5)));
    }

    // ---- one run ----

    /** One decision as compared across runs. */
    record Key(String decisionId, String trigger, String offerId, String channel, String outcome, long sendAt,
               String suppressedBy, long decidedAt, String cause, String stage) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s@%s (cause %s) %s offer=%s channel=%s sendAt=%s suppressedBy=%s id=%s",
                    trigger, stage, Instant.ofEpochMilli(decidedAt), cause, outcome, offerId, channel,
                    sendAt == 0 ? "-" : Instant.ofEpochMilli(sendAt).toString(), suppressedBy, decisionId);
        }
    }

    /** What one run decided, per customer, and how its due work ran. */
    static final class Run {
        final String name;
        final Map<String, List<Key>> byCustomer = new TreeMap<>();
        /** The decision records by decision id, whole: what a difference is explained with. */
        final Map<String, Decision> records = new HashMap<>();
        final Map<String, List<String>> signalsByCustomer = new TreeMap<>();
        /** Ids of the CHURN_RISK_ENTERED signals a review (not an event) raised: their win-backs are due work. */
        final Set<String> churnSignalsOfReviews = new HashSet<>();
        final Map<String, Long> counters = new LinkedHashMap<>();
        long recordCount;
        double seconds;

        Run(String name) {
            this.name = name;
        }

        /** Decisions by trigger and outcome (released = the second record of a deferred one). */
        String table() {
            Map<String, Map<String, Integer>> counts = new TreeMap<>();
            Set<String> columns = new TreeSet<>();
            for (List<Key> keys : byCustomer.values()) {
                for (Key k : keys) {
                    String column = k.stage.equals("released") ? "released " + k.outcome : k.outcome;
                    columns.add(column);
                    counts.computeIfAbsent(k.trigger, t -> new TreeMap<>()).merge(column, 1, Integer::sum);
                }
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "decisions of run %s by trigger and outcome%n", name));
            s.append(String.format(Locale.ROOT, "%-17s", "trigger"));
            columns.forEach(col -> s.append(String.format(Locale.ROOT, " %18s", col)));
            s.append('\n');
            counts.forEach((trigger, row) -> {
                s.append(String.format(Locale.ROOT, "%-17s", trigger));
                columns.forEach(col -> s.append(String.format(Locale.ROOT, " %18d", row.getOrDefault(col, 0))));
                s.append('\n');
            });
            return s.toString();
        }

        /** Decision records of each kind of due work (and cross-sells, decided on their event). */
        String dueWork() {
            return String.format(Locale.ROOT,
                    "due work decided: cart reminders %d, birthdays %d, replenishments %d, win-backs after a churn review %d"
                            + " (of %d win-backs), held messages released %d; cross-sells %d",
                    count(k -> k.trigger.equals("CART_ABANDONMENT") && k.stage.equals("decided")),
                    count(k -> k.trigger.equals("BIRTHDAY") && k.stage.equals("decided")),
                    count(k -> k.trigger.equals("REPLENISHMENT") && k.stage.equals("decided")),
                    count(k -> k.trigger.equals("WIN_BACK") && churnSignalsOfReviews.contains(k.cause) && k.stage.equals("decided")),
                    count(k -> k.trigger.equals("WIN_BACK") && k.stage.equals("decided")),
                    count(k -> k.stage.equals("released")),
                    count(k -> k.trigger.equals("CROSS_SELL") && k.stage.equals("decided")));
        }

        /** Suppressed decisions by trigger and rule. */
        String suppressions() {
            Map<String, Integer> counts = new TreeMap<>();
            byCustomer.values().stream().flatMap(List::stream).filter(k -> k.suppressedBy != null)
                    .forEach(k -> counts.merge(k.trigger + " " + k.suppressedBy, 1, Integer::sum));
            StringBuilder s = new StringBuilder("suppressed by trigger and rule:\n");
            counts.forEach((k, n) -> s.append(String.format(Locale.ROOT, "  %-45s %5d%n", k, n)));
            return s.toString();
        }

        long count(Predicate<Key> p) {
            return byCustomer.values().stream().flatMap(List::stream).filter(p).count();
        }
    }

    private static Run run(String name, Path events, List<OfferCatalogEntry> offers, long advanceTo, int parallelism,
                           double speed, boolean inLine) throws Exception {
        long t0 = System.nanoTime();
        Run run = new Run(name);
        say("=== run " + name);
        Map<String, String> options = new HashMap<>(FROZEN);
        options.put("kairos.due-work.in-line", Boolean.toString(inLine));
        int restPort = RedisServer.freePort();
        options.put("rest.port", Integer.toString(restPort));
        options.put("rest.bind-port", Integer.toString(restPort));
        options.put("metrics.fetcher.update-interval", "20 ms");
        options = EmbeddedEngine.historyOptions(DAYS, options);
        try (EmbeddedEngine engine = EmbeddedEngine.start(parallelism)) {
            try (LoadGenerator catalog = new LoadGenerator(engine.bootstrapServers())) {
                catalog.publishCatalog(offers);
            }
            engine.startJob(parallelism, "kairos-determinism", options);
            long started = System.nanoTime();
            Replayer.Summary replay;
            try (RecordingReader reader = RecordingReader.open(events);
                 KafkaReplaySink sink = new KafkaReplaySink(engine.bootstrapServers(), Map.of())) {
                Replayer replayer = new Replayer(sink, Topics.CUSTOMER_EVENTS,
                        new ReplaySchedule(speed, ReplaySchedule.Ticker.SYSTEM, ReplaySchedule.Sleeper.SYSTEM),
                        ReplaySchedule.Ticker.SYSTEM);
                if (speed == ReplaySchedule.MAX) {
                    replay = replayer.run(reader, null);
                } else {
                    try (MovingClock clock = new MovingClock(replayer, sink, engine)) {
                        replay = replayer.run(reader, null);
                        clock.close();
                        say(String.format(Locale.ROOT, "  moving clock: %d ticks", clock.ticks));
                    }
                }
            }
            assertEquals(0, replay.failed(), replay.toString());
            engine.tick(advanceTo);
            say("  replayed: " + replay);
            JobProgress progress = new JobProgress(restPort, engine.job().getJobID());
            long replayed = System.nanoTime();
            progress.await(advanceTo, Duration.ofMinutes(3));
            long caughtUp = System.nanoTime();
            long n = awaitStable(engine.bootstrapServers(), Duration.ofSeconds(2), Duration.ofMinutes(1));
            say(String.format(Locale.ROOT, "  engine and job up in %.1f s, replay %.1f s, watermark past the end %.1f s"
                    + " later, decisions settled %.1f s later", (started - t0) / 1e9, (replayed - started) / 1e9,
                    (caughtUp - replayed) / 1e9, (System.nanoTime() - caughtUp) / 1e9));
            read(engine.bootstrapServers(), run);
            run.counters.putAll(progress.counters("dueWorkOnTimer", "dueWorkInLine", "lateEvents",
                    "lateMomentsSkipped", "catalogUpdates", "pyramidThresholdUpdates", "responseStatsUpdates",
                    "associationUpdates"));
            run.seconds = (System.nanoTime() - t0) / 1e9;
            say(String.format(Locale.ROOT, "  %,d decision records (topic end offsets %,d) for %,d customers in %.0f s; %s",
                    run.recordCount, n, run.byCustomer.size(), run.seconds, run.counters));
        }
        return run;
    }

    /**
     * Ticks every partition to just before the replay's position, every {@link #CLOCK_PERIOD},
     * while the replay runs: the events sent so far are flushed first (so each partition has them
     * before its tick), and every later event is at or after the position, so no tick passes an
     * event still to come.
     */
    static final class MovingClock implements AutoCloseable {
        private final Thread thread;
        private final ClockTicker ticker;
        private volatile boolean stop;
        private volatile Exception failure;
        volatile int ticks;

        MovingClock(Replayer replayer, KafkaReplaySink sink, EmbeddedEngine engine) {
            ticker = new ClockTicker(engine.bootstrapServers());
            List<String> topics = engine.eventTopics();
            thread = new Thread(() -> {
                long ticked = Long.MIN_VALUE;
                try {
                    while (!stop) {
                        Thread.sleep(CLOCK_PERIOD.toMillis());
                        long position = replayer.lastEventTime();
                        if (position == 0 || position - 1 <= ticked || stop) {
                            continue;
                        }
                        sink.flush();
                        ticker.tick(topics, position - 1);
                        ticked = position - 1;
                        ticks++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failure = e;
                }
            }, "moving-clock");
            thread.setDaemon(true);
            thread.start();
        }

        /** Stops the clock (the replay has sent its last event); idempotent. */
        @Override
        public void close() throws Exception {
            if (stop) {
                return;
            }
            stop = true;
            thread.join();
            ticker.close();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Waits until the decisions topic's end offsets have not moved for {@code quiet}. */
    static long awaitStable(String bootstrapServers, Duration quiet, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long since = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(Topics.DECISIONS)).allTopicNames().get()
                    .get(Topics.DECISIONS).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(Topics.DECISIONS, p.partition()), OffsetSpec.latest()));
            while (true) {
                long n = admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                if (n != last) {
                    last = n;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > quiet.toNanos()) {
                    return n;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the decisions topic did not settle (at " + n + ")");
                }
                Thread.sleep(200);
            }
        }
    }

    /** The whole decisions and customer-signals topics, per customer, sorted; exact duplicates (at least once) once. */
    static void read(String bootstrapServers, Run run) {
        Map<String, Set<Key>> byCustomer = new TreeMap<>();
        for (Decision d : readTopic(bootstrapServers, Topics.DECISIONS, Decision.class)) {
            run.recordCount++;
            run.records.put(d.getDecisionId(), d);
            byCustomer.computeIfAbsent(d.getCustomerId(), c -> new TreeSet<>()).add(key(d));
        }
        byCustomer.forEach((customer, keys) -> run.byCustomer.put(customer, List.copyOf(keys)));
        Map<String, Set<String>> signals = new TreeMap<>();
        for (CustomerSignal s : readTopic(bootstrapServers, Topics.CUSTOMER_SIGNALS, CustomerSignal.class)) {
            signals.computeIfAbsent(s.getCustomerId(), c -> new TreeSet<>()).add(String.format(Locale.ROOT,
                    "%s@%s %s>%s risk=%s reasons=%s (cause %s) id=%s", s.getType(),
                    Instant.ofEpochMilli(s.getEventTime()), s.getFrom(), s.getTo(), s.getChurnRisk(), s.getReasons(),
                    s.getCause(), s.getSignalId()));
            if (s.getType() == SignalType.CHURN_RISK_ENTERED && s.getCause().equals(REVIEW_CAUSE)) {
                run.churnSignalsOfReviews.add(s.getSignalId());
            }
        }
        signals.forEach((customer, lines) -> run.signalsByCustomer.put(customer, List.copyOf(lines)));
    }

    /** Every record of a topic of the job's output, decoded (an undecodable one fails the read). */
    private static <T extends SpecificRecord> List<T> readTopic(
            String bootstrapServers, String topic, Class<T> type) {
        List<T> values = new ArrayList<>();
        TopicToEnd.read(bootstrapServers, Map.of(), topic, type, values::add);
        return values;
    }

    private static Key key(Decision d) {
        String released = UUID.nameUUIDFromBytes((d.getCustomerId() + '|' + d.getTrigger().name() + '|'
                + d.getCauseEventId() + "|released").getBytes(StandardCharsets.UTF_8)).toString();
        return new Key(d.getDecisionId(), d.getTrigger().name(), d.getOfferId(),
                d.getChannel() == null ? null : d.getChannel().name(), d.getOutcome().name(), d.getSendAt(),
                d.getSuppressedBy(), d.getDecidedAt(), d.getCauseEventId(),
                d.getDecisionId().equals(released) ? "released" : "decided");
    }

    // ---- comparing ----

    /** The scenario produced enough of every kind of due work for the comparison to mean something. */
    private static void assertCovers(Run r) {
        String table = r.table();
        assertTrue(r.count(k -> k.trigger.equals("CART_ABANDONMENT")) >= 20, "cart reminders\n" + table);
        assertTrue(r.count(k -> k.trigger.equals("BIRTHDAY")) >= 5, "birthdays\n" + table);
        assertTrue(r.count(k -> k.trigger.equals("REPLENISHMENT")) >= 5, "replenishments\n" + table);
        assertTrue(r.count(k -> k.trigger.equals("WIN_BACK") && r.churnSignalsOfReviews.contains(k.cause)) >= 5,
                "win-backs after a churn review\n" + table);
        assertTrue(r.count(k -> k.stage.equals("released")) >= 20, "held messages released\n" + table);
        assertTrue(r.count(k -> k.trigger.equals("CROSS_SELL")) >= 5, "cross-sells\n" + table);
    }

    /** Customers whose decisions differ between two runs. */
    static List<String> differing(Run x, Run y) {
        return differing(x.byCustomer, y.byCustomer);
    }

    /** Customers whose signals differ between two runs. */
    static List<String> differingSignals(Run x, Run y) {
        return differing(x.signalsByCustomer, y.signalsByCustomer);
    }

    private static List<String> differing(Map<String, ? extends List<?>> x, Map<String, ? extends List<?>> y) {
        Set<String> customers = new TreeSet<>(x.keySet());
        customers.addAll(y.keySet());
        List<String> differing = new ArrayList<>();
        for (String c : customers) {
            if (!Objects.equals(x.get(c), y.get(c))) {
                differing.add(c);
            }
        }
        return differing;
    }

    /**
     * The first {@code max} customers whose decisions differ: the decisions only one of the runs
     * has; for the first customer also both whole records of each decision id that differs
     * (candidates and their scores, segment, lifecycle, catalog version).
     */
    static String explain(Run x, Run y, List<String> differing, int max) {
        StringBuilder s = new StringBuilder(explain(x.name, x.byCustomer, y.name, y.byCustomer, differing, max));
        if (!differing.isEmpty()) {
            String c = differing.get(0);
            Set<String> ids = new TreeSet<>();
            List<Key> xs = x.byCustomer.getOrDefault(c, List.of());
            List<Key> ys = y.byCustomer.getOrDefault(c, List.of());
            xs.stream().filter(k -> !ys.contains(k)).forEach(k -> ids.add(k.decisionId));
            ys.stream().filter(k -> !xs.contains(k)).forEach(k -> ids.add(k.decisionId));
            for (String id : ids) {
                s.append("   whole record in ").append(x.name, 0, 1).append(": ").append(x.records.get(id)).append('\n');
                s.append("   whole record in ").append(y.name, 0, 1).append(": ").append(y.records.get(id)).append('\n');
            }
        }
        return s.toString();
    }

    /** The first {@code max} customers whose signals differ: the signals only one of the runs has. */
    static String explainSignals(Run x, Run y, List<String> differing, int max) {
        return explain(x.name, x.signalsByCustomer, y.name, y.signalsByCustomer, differing, max);
    }

    private static String explain(String xName, Map<String, ? extends List<?>> x, String yName,
                                  Map<String, ? extends List<?>> y, List<String> differing, int max) {
        StringBuilder s = new StringBuilder();
        for (String c : differing.subList(0, Math.min(max, differing.size()))) {
            List<?> xs = x.containsKey(c) ? x.get(c) : List.of();
            List<?> ys = y.containsKey(c) ? y.get(c) : List.of();
            s.append(String.format(Locale.ROOT, "customer %s: %d in %s, %d in %s%n", c, xs.size(), xName, ys.size(), yName));
            xs.stream().filter(k -> !ys.contains(k)).forEach(k -> s.append("   only in ").append(xName, 0, 1)
                    .append(": ").append(k).append('\n'));
            ys.stream().filter(k -> !xs.contains(k)).forEach(k -> s.append("   only in ").append(yName, 0, 1)
                    .append(": ").append(k).append('\n'));
        }
        return s.toString();
    }

    // ---- the job's progress and counters from Flink's REST API ----

    /**
     * The watermark after the personalization operator ({@link JobWatermark})
     * and the operator's counters, summed over its subtasks.
     */
    static final class JobProgress {
        private final JobWatermark watermark;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper json = new ObjectMapper();
        private final String base;

        JobProgress(int restPort, JobID job) {
            this.watermark = new JobWatermark(restPort, job);
            this.base = "http://localhost:" + restPort + "/jobs/" + job;
        }

        void await(long instant, Duration timeout) throws Exception {
            watermark.await(instant, timeout);
        }

        /** The personalization operator's counters named, each summed over its subtasks. */
        Map<String, Long> counters(String... names) throws Exception {
            String vertex = null;
            for (JsonNode v : get("").path("vertices")) {
                if (v.path("name").asText().contains("personalization")) {
                    vertex = v.path("id").asText();
                }
            }
            Map<String, Long> values = new LinkedHashMap<>();
            if (vertex == null) {
                return values;
            }
            List<String> available = new ArrayList<>();
            get("/vertices/" + vertex + "/subtasks/metrics").forEach(m -> available.add(m.path("id").asText()));
            for (String name : names) {
                String id = available.stream().filter(a -> a.endsWith("kairos." + name)).findFirst().orElse(null);
                if (id == null) {
                    continue;
                }
                JsonNode m = get("/vertices/" + vertex + "/subtasks/metrics?get=" + id + "&agg=sum");
                values.put(name, m.isArray() && m.size() > 0 ? (long) m.get(0).path("sum").asDouble() : -1);
            }
            return values;
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body());
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
