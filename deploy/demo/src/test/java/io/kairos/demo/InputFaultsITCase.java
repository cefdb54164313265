package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerEventEnvelope;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.LoadGenerator;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.SchemaHistory;
import io.kairos.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Input faults (issue 17, items 4e and 4f): what producers do wrong or late, with the job itself
 * healthy. These need no separate processes, so they run in this JVM on the embedded stack (as
 * {@link ReplayDeterminismITCase} does), each run on a fresh engine, at max speed, parallelism 2,
 * learning frozen ({@link ReplayDeterminismITCase#FROZEN}). The scenario is the fault suite's
 * (500 customers, 21 days, seed 11), produced straight from the generator.
 *
 * <p><b>The baseline</b>: every event in the current envelope (writer schema v3), in log order,
 * partitioned by key over both partitions, a final clock tick on every partition. Clicks that the
 * schema run writes with ClickEvent v1 (no {@code device}) carry no device here either: the one
 * thing an older schema cannot carry is taken out of the baseline, so the schema run must equal it
 * exactly (a click's device sets the customer's {@code lastChannel}, which send timing uses).
 *
 * <p><b>(e) Writers of schema v1, v2 and v3 interleaved</b>: event i is written by writer
 * {@code i % 3 + 1}, in that writer's envelope (v1: ClickEvent v1 and CustomerUpdate v1; v2: the
 * current ClickEvent and CustomerUpdate v2; v3: the current envelope), moving to a newer writer
 * when the event does not fit (a COMPLAINT update is not in v1, a RESET not in v2). Expected: no
 * dead letter and the baseline's decisions, signals, Redis messages, stream entries and profiles,
 * all of them. Switched off by hand (2026-12-07): with {@code CustomerEventCodec.create()} reading
 * through an empty {@code SchemaStore.Cache} instead of {@link SchemaHistory#store()}, every
 * v1/v2 record was a dead letter ("unknown writer schema": 7,552 of 11,327 events), 255 customers
 * decided differently, 400 had other signals, and the test failed.
 *
 * <p><b>(f) Disorder within the bound, 0.5% late events and one idle partition</b>, all in one run
 * (every event into partition 0 of two; partition 1 receives nothing, and the final clock tick
 * goes to partition 0 only). The out-of-orderness bound is {@link #BOUND} in every run. What the
 * engine promises (docs/ARCHITECTURE.md, "Event time", "What a replay reproduces"):
 * <ul>
 *   <li>Customers are interleaved differently within the bound: each event is sent at a jittered
 *       position no more than {@link #JITTER} (less than the bound) after its own time, each
 *       customer's own events kept in their log order (a producer keeps the order per key). No
 *       event then arrives behind a due instant the watermark has run, so every customer whose
 *       events were only jittered has exactly the baseline's outcome.
 *   <li>0.5% of events are late beyond the bound: held back {@link #LATE_BY} past their time
 *       (still before their customer's next event). The promise is the one for a late event: it is
 *       applied to the customer's state and decides nothing if the customer's due work already ran
 *       past it (counted in {@code lateEvents}, its skipped moments in {@code lateMomentsSkipped});
 *       otherwise it is decided as usual. It is never a dead letter and never dropped. Those
 *       customers' decisions, signals, messages and profile may legitimately differ from the
 *       baseline (a cart reminder that fired before the late purchase, a cross-sell not decided);
 *       they are the only ones that may.
 *   <li>One partition idle: the job's watermark is the minimum over partitions, so the empty one
 *       would hold back due work (the last cart reminders, reviews, held messages) for ever;
 *       {@code kairos.events.idle-timeout} ({@link #IDLE_TIMEOUT} here) lets it go. Bound: the
 *       watermark passes the final tick within {@link #IDLE_BOUND} of the tick being sent.
 *   <li>Whatever happens, no moment is answered twice (one decision per customer, trigger, cause
 *       and stage; one message per moment in Redis; one stream entry per message id).
 * </ul>
 * Switched off by hand (2026-12-07): {@code -Dkairos.faults.off=bound} runs the fault run with a
 * zero out-of-orderness bound: jittered events arrive behind due work the watermark has run (94
 * late events for 57 sent late), 13 customers without a late event decided differently, 11 had
 * other messages or profiles in Redis, and the test failed; {@code -Dkairos.faults.off=idleness}
 * runs it with an idle timeout of one hour: the empty partition holds the watermark at its minimum,
 * no timer fires (dueWorkOnTimer 0), the watermark never passes the final tick, 60 customers
 * miss due work (cart reminders, reviews), and the test failed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputFaultsITCase {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final int CUSTOMERS = 500;
    private static final int DAYS = 21;
    private static final long SEED = 11;
    private static final int PARALLELISM = 2;
    /** {@code kairos.events.max-out-of-orderness} of every run. */
    private static final long BOUND = 6 * HOUR;
    /** How far after its own time an event of run (f) may be sent: within the bound. */
    private static final long JITTER = 5 * HOUR;
    /** How far after its own time a late event of run (f) is sent: beyond the bound. */
    private static final long LATE_BY = BOUND + 7 * DAY;
    private static final double LATE_SHARE = 0.005;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);
    /** How long the events of run (f) take to be sent. */
    private static final Duration PACE = Duration.ofSeconds(8);
    private static final Duration IDLE_BOUND = IDLE_TIMEOUT.plusSeconds(40);

    /** Protections switched off by hand: {@code bound}, {@code idleness}. */
    private static final String OFF = System.getProperty("kairos.faults.off", "");

    private static List<RecordedEvent> events;
    private static List<OfferCatalogEntry> offers;
    private static long advanceTo;
    private static Outcome baseline;
    private static final List<String> table = new ArrayList<>();
    private static final long started = System.nanoTime();

    @BeforeAll
    static void scenarioAndBaseline() throws Exception {
        Scenario.Settings settings = new Scenario.Settings(
                CUSTOMERS, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - DAYS * DAY), DAYS, SEED);
        Scenario scenario = new Scenario(settings);
        events = new ArrayList<>();
        for (Iterator<RecordedEvent> it = scenario.events(truth -> {}); it.hasNext(); ) {
            events.add(it.next());
        }
        offers = scenario.catalog().offers(System.currentTimeMillis());
        advanceTo = settings.endMillis() + DAY;

        List<Send> sends = new ArrayList<>();
        CustomerEventCodec codec = CustomerEventCodec.create();
        for (int i = 0; i < events.size(); i++) {
            SpecificRecord event = (SpecificRecord) events.get(i).getEvent();
            if (writerOf(i, event) == 1 && event instanceof ClickEvent click && click.getDevice() != null) {
                event = ClickEvent.newBuilder(click).setDevice(null).build();
            }
            sends.add(new Send(-1, events.get(i).getKey(), codec.encode(event)));
        }
        baseline = run("baseline (no fault)", sends, Map.of(), false);
        RedisOutcome r = baseline.redis;
        table.add(row(baseline, "-", baseline.deadLetters, "-"));
        assertAll(
                () -> assertTrue(r.messages.size() >= 100, "too few messages to compare: " + r.counts()),
                () -> assertTrue(r.streamEntryCount() >= 50, "too few push messages to compare: " + r.counts()),
                () -> assertTrue(baseline.decisions.count(k -> k.trigger().equals("CART_ABANDONMENT")) >= 10,
                        "too few cart reminders to compare\n" + baseline.decisions.table()),
                () -> assertEquals(0, baseline.deadLetters, "dead letters without a fault"),
                () -> assertEquals(List.of(), r.twiceOnAStream(), "a message id twice on a stream without a fault"),
                () -> assertEquals(List.of(), r.momentsWithTwoMessages(), "a moment with two messages without a fault"));
    }

    @AfterAll
    static void printTable() {
        say("\n| scenario | injected | msgs | stream | 2x | 2/m | dead letters | late events |");
        table.forEach(InputFaultsITCase::say);
        say("(msgs: message bodies in Redis; stream: push stream entries; 2x: message ids with two stream entries;"
                + " 2/m: moments answered by two messages)");
        say(String.format(Locale.ROOT, "input faults: %.0f s in all", (System.nanoTime() - started) / 1e9));
    }

    // ---- (e) ----

    @Test
    @Order(1)
    void writersOfSchemaV1V2AndV3InterleavedDecideAsTheCurrentSchemaDoes() throws Exception {
        Writers writers = new Writers();
        List<Send> sends = new ArrayList<>();
        int[] byWriter = new int[4];
        int devicesDropped = 0;
        for (int i = 0; i < events.size(); i++) {
            SpecificRecord event = (SpecificRecord) events.get(i).getEvent();
            int writer = writerOf(i, event);
            byWriter[writer]++;
            if (writer == 1 && event instanceof ClickEvent click && click.getDevice() != null) {
                devicesDropped++;
            }
            sends.add(new Send(-1, events.get(i).getKey(), writers.encode(writer, event)));
        }
        Outcome o = run("e: writers v1, v2, v3 interleaved", sends, Map.of(), false);
        String injected = String.format(Locale.ROOT, "%,d events by v1, %,d by v2, %,d by v3 (%,d devices v1 cannot carry)",
                byWriter[1], byWriter[2], byWriter[3], devicesDropped);
        say(injected);
        table.add(row(o, injected, o.deadLetters, "-"));
        assertAll(
                () -> assertTrue(byWriter[1] > 1000 && byWriter[2] > 1000 && byWriter[3] > 1000, injected),
                () -> assertEquals(0, o.deadLetters, "well-formed old-schema records became dead letters"),
                () -> assertSame(baseline, o, c -> true));
    }

    // ---- (f) ----

    @Test
    @Order(2)
    void disorderWithinTheBoundLateEventsAndAnIdlePartitionLoseNothingAndAnswerNoMomentTwice() throws Exception {
        Random random = new Random(SEED);
        int n = events.size();
        // The next event of the same customer, per event: a late event stays before it.
        long[] nextOwn = new long[n];
        Map<String, Integer> lastOf = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) {
            Integer next = lastOf.put(events.get(i).getKey(), i);
            nextOwn[i] = next == null ? Long.MAX_VALUE : events.get(next).getEventTime();
        }
        // 0.5% of the events, drawn among those whose customer sends nothing else for longer than
        // LATE_BY + JITTER (so that holding them back keeps the customer's own order)
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (nextOwn[i] > events.get(i).getEventTime() + LATE_BY + JITTER
                    && events.get(i).getEventTime() + LATE_BY < advanceTo - DAY) {
                eligible.add(i);
            }
        }
        java.util.Collections.shuffle(eligible, random);
        Set<Integer> lateOnes = new HashSet<>(eligible.subList(0, Math.min(eligible.size(), (int) Math.ceil(n * LATE_SHARE))));
        long[] sendKey = new long[n];
        Set<String> lateCustomers = new TreeSet<>();
        int late = 0;
        Map<String, Long> lastKeyOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RecordedEvent e = events.get(i);
            long t = e.getEventTime();
            long key;
            if (lateOnes.contains(i)) {
                key = t + LATE_BY;
                late++;
                lateCustomers.add(e.getKey());
            } else {
                key = t + (long) (random.nextDouble() * JITTER);
            }
            // never before an earlier event of the same customer: each customer's log order is kept
            key = Math.max(key, lastKeyOf.getOrDefault(e.getKey(), Long.MIN_VALUE));
            lastKeyOf.put(e.getKey(), key);
            sendKey[i] = key;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> sendKey[i]).thenComparingInt(i -> i));
        int moved = 0;
        for (int pos = 0; pos < n; pos++) {
            if (order.get(pos) != pos) {
                moved++;
            }
        }
        CustomerEventCodec codec = CustomerEventCodec.create();
        List<Send> sends = new ArrayList<>();
        for (int i : order) {
            SpecificRecord event = (SpecificRecord) events.get(i).getEvent();
            if (writerOf(i, event) == 1 && event instanceof ClickEvent click && click.getDevice() != null) {
                event = ClickEvent.newBuilder(click).setDevice(null).build(); // as in the baseline
            }
            sends.add(new Send(0, events.get(i).getKey(), codec.encode(event)));
        }
        Map<String, String> options = new HashMap<>();
        options.put("kairos.events.idle-timeout", OFF.contains("idleness") ? "1 h" : IDLE_TIMEOUT.toSeconds() + " s");
        if (OFF.contains("bound")) {
            options.put("kairos.events.max-out-of-orderness", "0 ms");
        }
        Outcome o = run("f: disorder, late events, idle partition", sends, options, true);
        String injected = String.format(Locale.ROOT, "%,d of %,d events out of place (within %d h), %d late by %d h"
                        + " (%d customers), partition 1 of 2 empty", moved, n, JITTER / HOUR, late, LATE_BY / HOUR,
                lateCustomers.size());
        say(injected);
        long lateEvents = o.counters.getOrDefault("lateEvents", -1L);
        Set<String> differing = new TreeSet<>(ReplayDeterminismITCase.differing(baseline.decisions, o.decisions));
        differing.addAll(ReplayDeterminismITCase.differingSignals(baseline.decisions, o.decisions));
        differing.addAll(baseline.redis.customersDifferingFrom(o.redis));
        Set<String> unexpected = new TreeSet<>(differing);
        unexpected.removeAll(lateCustomers);
        say(String.format(Locale.ROOT, "  %d customers differ from the baseline, all among the %d with a late event: %s;"
                        + " lateEvents %d (applied, decided nothing), lateMomentsSkipped %d; watermark past the final"
                        + " tick %.1f s after it was sent", differing.size(), lateCustomers.size(), unexpected.isEmpty(),
                lateEvents, o.counters.getOrDefault("lateMomentsSkipped", -1L), o.watermarkSeconds));
        table.add(row(o, injected, o.deadLetters, lateEvents + " applied without deciding (lateEvents), "
                + (late - lateEvents) + " decided as usual, 0 dead letters"));
        Predicate<String> onTime = c -> !lateCustomers.contains(c);
        int sentLate = late;
        assertAll(
                () -> assertTrue(sentLate >= n * LATE_SHARE, "too few late events: " + sentLate),
                () -> assertEquals(0, o.deadLetters, "a late or disordered event became a dead letter"),
                () -> assertTrue(lateEvents > 0 && lateEvents <= sentLate,
                        "late events counted " + lateEvents + " of " + sentLate + " sent late"),
                () -> assertTrue(o.watermarkSeconds <= IDLE_BOUND.toSeconds(), String.format(Locale.ROOT,
                        "due work held back by the idle partition: the watermark passed the final tick %.1f s after it",
                        o.watermarkSeconds)),
                () -> assertSame(baseline, o, onTime),
                () -> assertEquals(List.of(), o.redis.twiceOnAStream(), "a message id twice on a stream"),
                () -> assertEquals(List.of(), o.redis.momentsWithTwoMessages(), "a moment answered by two messages"),
                () -> assertEquals(List.of(), momentsDecidedTwice(o), "a moment decided twice"));
    }

    // ---- comparing ----

    /** The customers {@code which} accepts have the same decisions, signals and Redis outcome in both. */
    private static void assertSame(Outcome expected, Outcome actual, Predicate<String> which) {
        List<String> decisions = ReplayDeterminismITCase.differing(expected.decisions, actual.decisions)
                .stream().filter(which).toList();
        List<String> signals = ReplayDeterminismITCase.differingSignals(expected.decisions, actual.decisions)
                .stream().filter(which).toList();
        List<String> redis = expected.redis.customersDifferingFrom(actual.redis).stream().filter(which).toList();
        assertAll(
                () -> assertTrue(decisions.isEmpty(), String.format(Locale.ROOT, "%d customers decided differently in %s%n%s",
                        decisions.size(), actual.decisions.name,
                        ReplayDeterminismITCase.explain(expected.decisions, actual.decisions, decisions, 5))),
                () -> assertTrue(signals.isEmpty(), String.format(Locale.ROOT, "%d customers had other signals in %s%n%s",
                        signals.size(), actual.decisions.name,
                        ReplayDeterminismITCase.explainSignals(expected.decisions, actual.decisions, signals, 3))),
                () -> assertTrue(redis.isEmpty(), String.format(Locale.ROOT,
                        "%d customers have other messages, stream entries or profiles in Redis in %s: %s%n%s",
                        redis.size(), actual.decisions.name, redis.subList(0, Math.min(5, redis.size())),
                        String.join("\n", actual.redis.differencesFrom(expected.redis)))));
    }

    /** Decision ids that answer a moment (customer, trigger, cause, stage) already answered by another id. */
    private static List<String> momentsDecidedTwice(Outcome o) {
        Map<String, Set<String>> ids = new TreeMap<>();
        o.decisions.byCustomer.forEach((customer, keys) -> keys.forEach(k -> ids.computeIfAbsent(
                customer + "|" + k.trigger() + "|" + k.cause() + "|" + k.stage(), m -> new TreeSet<>()).add(k.decisionId())));
        List<String> twice = new ArrayList<>();
        ids.forEach((moment, of) -> {
            if (of.size() > 1) {
                twice.add(moment + " " + of);
            }
        });
        return twice;
    }

    private static String row(Outcome o, String injected, long deadLetters, String late) {
        RedisOutcome r = o.redis;
        return String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %d | %d | %s |", o.decisions.name, injected,
                r.messages.size(), r.streamEntryCount(), r.twiceOnAStream().size(), r.momentsWithTwoMessages().size(),
                deadLetters, late);
    }

    // ---- the writers of each schema version ----

    /**
     * Which writer (1, 2 or 3) sends event {@code i}: they take turns, and an event that an older
     * writer's schema has no symbol for goes to the next newer writer.
     */
    static int writerOf(int i, SpecificRecord event) {
        int writer = i % 3 + 1;
        if (event instanceof CustomerUpdate update) {
            switch (update.getType()) {
                case COMPLAINT -> writer = Math.max(writer, 2);
                case RESET -> writer = 3;
                default -> { }
            }
        }
        return writer;
    }

    /** Encoders of the envelope as writers on schema v1, v2 and v3 (the current one) wrote it. */
    static final class Writers {
        private final Map<Integer, BinaryMessageEncoder<GenericRecord>> encoders = new HashMap<>();
        private final Map<Integer, Schema> envelopes = new HashMap<>();
        private final CustomerEventCodec current = CustomerEventCodec.create();

        Writers() {
            for (int version = 1; version <= 2; version++) {
                Schema envelope = SchemaHistory.envelope(List.of(
                        version == 1 ? old("io.kairos.events.ClickEvent", 1) : ClickEvent.getClassSchema(),
                        io.kairos.events.PurchaseEvent.getClassSchema(),
                        old("io.kairos.events.CustomerUpdate", version),
                        io.kairos.events.OfferResponse.getClassSchema()));
                envelopes.put(version, envelope);
                encoders.put(version, new BinaryMessageEncoder<>(GenericData.get(), envelope));
            }
        }

        /** The old schema of a type: its {@code version}-th in the history (1 = the oldest kept). */
        private static Schema old(String fullName, int version) {
            List<Schema> of = SchemaHistory.oldSchemas().stream().filter(s -> s.getFullName().equals(fullName)).toList();
            Schema s = of.get(version - 1);
            // ClickEvent v1 has no device, CustomerUpdate v1 no COMPLAINT, v2 no RESET
            if (fullName.endsWith("ClickEvent")) {
                assertTrue(s.getField("device") == null, "ClickEvent v1 should have no device");
            } else {
                assertEquals(version == 1 ? 6 : 7, s.getField("type").schema().getEnumSymbols().size(),
                        "CustomerUpdate v" + version + "'s types");
            }
            return s;
        }

        byte[] encode(int writer, SpecificRecord event) throws Exception {
            if (writer == 3) {
                return current.encode(event);
            }
            Schema envelope = envelopes.get(writer);
            Schema union = envelope.getField("event").schema();
            Schema payload = union.getTypes().get(union.getIndexNamed(event.getSchema().getFullName()));
            GenericRecord record = new GenericData.Record(envelope);
            record.put("event", convert(event, payload));
            ByteBuffer buffer = encoders.get(writer).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            assertTrue(envelope != CustomerEventEnvelope.getClassSchema());
            return bytes;
        }

        /** A value of the current classes as a generic datum of an older {@code schema}: fields by name. */
        private static Object convert(Object value, Schema schema) {
            if (value == null) {
                return null;
            }
            switch (schema.getType()) {
                case UNION:
                    for (Schema branch : schema.getTypes()) {
                        if (branch.getType() != Schema.Type.NULL) {
                            return convert(value, branch);
                        }
                    }
                    throw new IllegalArgumentException("a union of null only: " + schema);
                case RECORD: {
                    SpecificRecordBase from = (SpecificRecordBase) value;
                    GenericRecord to = new GenericData.Record(schema);
                    for (Schema.Field f : schema.getFields()) {
                        to.put(f.name(), convert(from.get(f.name()), f.schema()));
                    }
                    return to;
                }
                case ENUM: {
                    String symbol = value.toString();
                    if (!schema.getEnumSymbols().contains(symbol)) {
                        throw new IllegalArgumentException(symbol + " is not in " + schema);
                    }
                    return new GenericData.EnumSymbol(schema, symbol);
                }
                case ARRAY: {
                    List<Object> to = new ArrayList<>();
                    for (Object o : (Collection<?>) value) {
                        to.add(convert(o, schema.getElementType()));
                    }
                    return to;
                }
                case MAP: {
                    Map<String, Object> to = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> to.put(k.toString(), convert(v, schema.getValueType())));
                    return to;
                }
                default:
                    return value;
            }
        }
    }

    // ---- one run ----

    /** One record to produce: into {@code partition}, or by key when it is -1. */
    record Send(int partition, String key, byte[] value) {}

    /** What one run left: decisions and signals, Redis, dead letters, the operator's counters. */
    record Outcome(ReplayDeterminismITCase.Run decisions, RedisOutcome redis, long deadLetters,
                   Map<String, Long> counters, double watermarkSeconds) {}

    private static Outcome run(String name, List<Send> sends, Map<String, String> extra, boolean tickPartitionZeroOnly)
            throws Exception {
        long t0 = System.nanoTime();
        say("=== run " + name);
        Map<String, String> options = new HashMap<>(ReplayDeterminismITCase.FROZEN);
        options.put("kairos.events.max-out-of-orderness", BOUND / HOUR + " h");
        int restPort = RedisServer.freePort();
        options.put("rest.port", Integer.toString(restPort));
        options.put("rest.bind-port", Integer.toString(restPort));
        options.put("metrics.fetcher.update-interval", "20 ms");
        options.putAll(extra);
        options = EmbeddedEngine.historyOptions(DAYS, options);
        options.putAll(extra); // over historyOptions' own idle timeout
        ReplayDeterminismITCase.Run run = new ReplayDeterminismITCase.Run(name);
        try (EmbeddedEngine engine = EmbeddedEngine.start(PARALLELISM)) {
            try (LoadGenerator catalog = new LoadGenerator(engine.bootstrapServers())) {
                catalog.publishCatalog(offers);
            }
            engine.startJob(PARALLELISM, "kairos-input-faults", options);
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5",
                    ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            long tickSent;
            try (KafkaProducer<byte[], byte[]> producer =
                         new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                if (tickPartitionZeroOnly) {
                    // The idle partition is to be idle while the events come, and they come over
                    // PACE, so that the watermark moves along with them and timers run due work
                    // between a customer's events: what makes an event held back beyond the bound late.
                    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                    while (engine.job().getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING
                            && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(IDLE_TIMEOUT.toMillis() + 2000);
                }
                int chunk = tickPartitionZeroOnly ? Math.max(1, sends.size() / 40) : Integer.MAX_VALUE;
                int sent = 0;
                for (Send s : sends) {
                    if (++sent % chunk == 0) {
                        producer.flush();
                        Thread.sleep(PACE.toMillis() / 40);
                    }
                    byte[] key = s.key.getBytes(StandardCharsets.UTF_8);
                    producer.send(s.partition < 0
                            ? new ProducerRecord<>(Topics.CUSTOMER_EVENTS, key, s.value)
                            : new ProducerRecord<>(Topics.CUSTOMER_EVENTS, s.partition, key, s.value));
                }
                producer.flush();
                if (tickPartitionZeroOnly) {
                    producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, 0, null, null, new byte[0],
                            List.of(new RecordHeader(ClockTick.HEADER, ClockTick.encode(advanceTo))))).get();
                } else {
                    engine.tick(advanceTo);
                }
                tickSent = System.nanoTime();
            }
            ReplayDeterminismITCase.JobProgress progress =
                    new ReplayDeterminismITCase.JobProgress(restPort, engine.job().getJobID());
            double watermarkSeconds;
            try {
                progress.await(advanceTo, tickPartitionZeroOnly ? IDLE_BOUND.plusSeconds(30) : Duration.ofMinutes(3));
                watermarkSeconds = (System.nanoTime() - tickSent) / 1e9;
            } catch (java.util.concurrent.TimeoutException e) {
                watermarkSeconds = Double.POSITIVE_INFINITY;
                say("  " + e.getMessage());
            }
            ReplayDeterminismITCase.awaitStable(engine.bootstrapServers(), Duration.ofSeconds(2), Duration.ofMinutes(1));
            ReplayDeterminismITCase.read(engine.bootstrapServers(), run);
            RedisOutcome redis = RedisOutcome.read(engine.redisUri());
            Map<String, Long> counters = progress.counters("lateEvents", "lateMomentsSkipped", "dueWorkOnTimer",
                    "dueWorkInLine");
            long deadLetters = endOffsets(engine.bootstrapServers(), Topics.DEAD_LETTERS);
            say(String.format(Locale.ROOT, "  %s in %.0f s: %,d decision records for %,d customers, %s, %d dead letters,"
                            + " %s", name, (System.nanoTime() - t0) / 1e9, run.recordCount,
                    run.byCustomer.size(), redis.counts(), deadLetters, counters));
            return new Outcome(run, redis, deadLetters, counters, watermarkSeconds);
        }
    }

    static long endOffsets(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
