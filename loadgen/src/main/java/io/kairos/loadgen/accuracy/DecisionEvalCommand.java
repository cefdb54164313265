package io.kairos.loadgen.accuracy;

import io.kairos.decide.DecisionSettings;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.job.JobConfig;
import io.kairos.operate.ClockTicker;
import io.kairos.loadgen.ProductCatalog.Product;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.engine.JobOptionOverrides;
import io.kairos.loadgen.engine.JobWatermark;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.scenario.Archetype;
import io.kairos.loadgen.scenario.EvalScenarioOptions;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.loadgen.scenario.ResponseSimulator;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos decision-eval}: the decisioning closed loop on a simulated population, end to
 * end. Generates a seeded scenario, starts the real job on the embedded Kafka and Redis with the
 * scenario's full catalog (every moment), replays the recording, and then lets simulated
 * customers answer what they are sent ({@link ResponseSimulator}) while event time moves on in
 * steps; at the end it reports messages per customer against the caps, uplift against the
 * holdout and the share of decisions each contact rule suppressed ({@link DecisionReport}).
 *
 * <p><b>Where the responses come from.</b> The simulator reads the {@code decisions} topic, not
 * the channels' Redis streams: a SENT decision record is the message (offer, channel, messageId,
 * send time), it covers the pull channels (web, app) that have no stream, and it is the same
 * record the report is computed from, so what customers answer and what is scored cannot drift
 * apart. What the channel client adds (bodies, expiry) plays no part in a response.
 *
 * <p><b>Lockstep in event time.</b> Every customer event goes to the one customer event topic,
 * and the job's watermark is the lowest over its partitions. The loop moves event time one
 * {@code --step} at a time: each step it sends the recording's events and the simulated
 * responses and purchases due by the step's end, merged in event-time order (so each customer's
 * partition holds their events in the order they happened, recorded and simulated alike), ticks
 * every partition to the step's end, waits until the job's watermark (read from Flink's REST API
 * at the operator after the personalization operator) has passed it, reads the new decisions,
 * and schedules the answers to the messages among them, never earlier than the step's end (an
 * answer stamped earlier would be late; this shifts the fastest answers by up to a step). So a
 * conversion, a dismissal or a purchase the simulator makes reaches the job before it decides
 * anything later: the contact policy (suppression after a conversion or dismissals) and the
 * learning loop see them as they would live.
 */
@Command(
        name = "kairos decision-eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the real job on a simulated population with simulated responses, and reports caps, uplift"
                + " against the holdout and suppression by rule.")
public final class DecisionEvalCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    // --seed seeds the responses too.
    @Mixin EvalScenarioOptions scenario = new EvalScenarioOptions(3000, 28);

    @Option(names = "--holdout", defaultValue = "0.2",
            description = "Holdout share per trigger, as kairos.holdout.share (default ${DEFAULT-VALUE}: the job's"
                    + " default 0.1 leaves too few controls for a useful interval on a few thousand customers).")
    double holdout;

    @Option(names = "--step", defaultValue = "120",
            description = "Minutes of event time per step of the response loop (default ${DEFAULT-VALUE}).")
    int stepMinutes;

    @Option(names = "--rate-min", defaultValue = "0.02", description = "Lowest true conversion rate of an offer (default ${DEFAULT-VALUE}).")
    double rateMin;

    @Option(names = "--rate-max", defaultValue = "0.15", description = "Highest true conversion rate of an offer (default ${DEFAULT-VALUE}).")
    double rateMax;

    @Option(names = "--rate-scale", defaultValue = "1",
            description = "Multiplies every true conversion rate (default ${DEFAULT-VALUE}).")
    double rateScale;

    // e.g. --job-option kairos.contact.cap-per-day=2
    @Mixin JobOptionOverrides jobOptions;

    @Mixin EvalOutputOptions output;

    /** What one evaluation ran on and found. */
    public record Result(Scenario.Summary scenario, Loop loop, DecisionReport report) {}

    /** What the loop sent (the recording's events) and what the simulated customers did. */
    public record Loop(int steps, long recordedEvents, long messagesAnswered, long responses, long purchases,
                       long conversions, double meanTrueRate, long droppedAfterEnd, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%d steps in %.0f s: %,d recorded events sent; answered %,d messages with %,d responses, %,d"
                            + " conversions (mean true rate of the messages %.2f%%), %,d purchases; %,d answers due"
                            + " after the end dropped",
                    steps, seconds, recordedEvents, messagesAnswered, responses, conversions, 100 * meanTrueRate,
                    purchases, droppedAfterEnd);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DecisionEvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Path dir = output.scenarioDir("kairos-decision-eval");
        ResponseSimulator.Settings simulation =
                new ResponseSimulator.Settings(scenario.seed(), rateMin, rateMax, rateScale, 0.35, 0.3, 0.1);
        Result result = run(scenario.settings(), dir, scenario.parallelism(), holdout, Duration.ofMinutes(stepMinutes), simulation, jobOptions.get(),
                DecisionEvalCommand::say);
        say("");
        say(String.format(Locale.ROOT, "=== decisions: %,d customers, %d days, seed %d, holdout %.0f%% ===",
                scenario.customers(), scenario.days(), scenario.seed(), 100 * holdout));
        System.out.print(result.report().table());
        output.writeJson(result.report().toJson(), DecisionEvalCommand::say);
        say(String.format(Locale.ROOT, "wall time %.0f s", (System.nanoTime() - started) / 1e9));
        return result.report().contacts().withinCaps() ? 0 : 1;
    }

    /** Generates the scenario into {@code dir}, runs the loop and computes the report. */
    public static Result run(Scenario.Settings settings, Path dir, int parallelism, double holdoutShare, Duration step,
                             ResponseSimulator.Settings simulation, Map<String, String> jobOptions,
                             Consumer<String> log) throws Exception {
        Scenario scenario = new Scenario(settings);
        Scenario.Summary summary = scenario.write(dir);
        log.accept(String.format(Locale.ROOT, "scenario: %s%n%s", summary.recording, summary.table().trim()));
        long advanceTo = settings.endMillis() + DAY;

        List<OfferCatalogEntry> offers = scenario.catalog().offers(System.currentTimeMillis());
        Map<String, Product> productByOffer = new HashMap<>();
        Map<String, String> productIdByOffer = new HashMap<>();
        for (OfferCatalogEntry o : offers) {
            if (o.getProductId() != null) {
                productByOffer.put(o.getOfferId(), scenario.catalog().product(o.getProductId()));
                productIdByOffer.put(o.getOfferId(), o.getProductId());
            }
        }
        GroundTruth truth = GroundTruth.read(dir.resolve(Scenario.TRUTH_FILE));
        Map<String, Archetype> archetypes = new HashMap<>();
        truth.customers.forEach(c -> archetypes.put(c.customer(), c.archetype()));
        ResponseSimulator simulator = new ResponseSimulator(simulation, productByOffer, archetypes);

        Map<String, String> options = new HashMap<>();
        options.put("kairos.holdout.share", Double.toString(holdoutShare));
        int restPort = RedisServer.freePort();
        options.put("rest.port", Integer.toString(restPort));
        options.put("rest.bind-port", Integer.toString(restPort));
        // The REST API serves metrics (the watermarks) from a cache refreshed every 10 s by default.
        options.put("metrics.fetcher.update-interval", "20 ms");
        options.putAll(jobOptions);
        options = EmbeddedEngine.historyOptions(settings.days(), options);
        // The rules as the job will read them (its own parsing and defaults); the endpoints are
        // placeholders here, the engine sets the real ones.
        Map<String, String> parse = new HashMap<>(options);
        parse.put("kairos.kafka.bootstrap-servers", "localhost:9092");
        parse.put("kairos.redis.uri", "redis://localhost:6379");
        DecisionSettings rules = JobConfig.fromMap(parse, Map.of()).decisionSettings();
        log.accept(String.format(Locale.ROOT,
                "contact policy: caps %d/24 h, %d/7 d, per channel %d/24 h, %d/7 d; holdout %.0f%%; attribution %d d",
                rules.caps.perDay(), rules.caps.perWeek(), rules.caps.perChannelPerDay(), rules.caps.perChannelPerWeek(),
                100 * holdoutShare, rules.attributionWindow.toDays()));

        try (EmbeddedEngine engine = EmbeddedEngine.start(parallelism)) {
            log.accept("published " + engine.publishCatalog(offers) + " offers (every moment)");
            engine.startJob(parallelism, "kairos-decision-eval", options);

            List<PurchaseEvent> purchases = new ArrayList<>();
            try (RecordingReader reader = RecordingReader.open(dir.resolve(Scenario.EVENTS_FILE))) {
                while (reader.hasNext()) {
                    RecordedEvent e = reader.next();
                    if (e.getEvent() instanceof PurchaseEvent p) {
                        purchases.add(p);
                    }
                }
            }
            List<Decision> decisions = new ArrayList<>();
            Loop loop;
            try (RecordingReader recording = RecordingReader.open(dir.resolve(Scenario.EVENTS_FILE))) {
                loop = respond(engine, restPort, simulator, recording, settings.startMillis(), advanceTo,
                        step.toMillis(), decisions, purchases, log);
            }
            log.accept("response loop: " + loop);

            DecisionReport.Settings scoring = new DecisionReport.Settings(
                    new DecisionReport.Caps(rules.caps.perDay(), rules.caps.perWeek(), rules.caps.perChannelPerDay(),
                            rules.caps.perChannelPerWeek()),
                    rules.attributionWindow.toMillis(), settings.startMillis(), settings.endMillis(), settings.customers(),
                    productIdByOffer, holdoutShare);
            return new Result(summary, loop, DecisionReport.evaluate(decisions, purchases, scoring));
        }
    }

    /** One simulated answer waiting for its time. */
    private record Due(long at, String key, byte[] value, PurchaseEvent purchase) {}

    /**
     * The response loop (see the class comment): steps event time from {@code from} to {@code
     * to}, sending the recording's events as their time comes and answering every SENT decision;
     * adds every decision record to {@code decisions} and the simulated purchases to {@code
     * purchases}.
     */
    static Loop respond(EmbeddedEngine engine, int restPort, ResponseSimulator simulator, Iterator<RecordedEvent> recording,
                        long from, long to, long step, List<Decision> decisions, List<PurchaseEvent> purchases,
                        Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        AvroCodec<Decision> decisionCodec = AvroCodec.of(Decision.class);
        CustomerEventCodec events = CustomerEventCodec.create();
        RecordedEvent nextRecorded = recording.hasNext() ? recording.next() : null;
        long recordedSent = 0;
        PriorityQueue<Due> due = new PriorityQueue<>(Comparator.comparingLong(Due::at));
        Set<String> answered = new HashSet<>();
        long responses = 0;
        long simulatedPurchases = 0;
        long conversions = 0;
        double rateSum = 0;
        int steps = 0;
        JobWatermark watermark = new JobWatermark(restPort, engine.job().getJobID());
        long lastLog = System.nanoTime();
        try (KafkaReplaySink sink = new KafkaReplaySink(engine.bootstrapServers(), Map.of());
             ClockTicker ticker = new ClockTicker(engine.bootstrapServers());
             DecisionTail tail = new DecisionTail(engine.bootstrapServers())) {
            long now = from;
            while (now < to) {
                long next = Math.min(now + step, to);
                // The recording's events up to the step's end (the tick at it would make one
                // stamped exactly then late) and the answers due before it, in event-time order.
                while (true) {
                    boolean recordedDue = nextRecorded != null && nextRecorded.getEventTime() <= next;
                    boolean answerDue = !due.isEmpty() && due.peek().at() < next;
                    if (recordedDue && (!answerDue || nextRecorded.getEventTime() <= due.peek().at())) {
                        sink.send(Topics.CUSTOMER_EVENTS, nextRecorded.getKey(),
                                events.encode((SpecificRecord) nextRecorded.getEvent()));
                        recordedSent++;
                        nextRecorded = recording.hasNext() ? recording.next() : null;
                    } else if (answerDue) {
                        Due d = due.poll();
                        sink.send(Topics.CUSTOMER_EVENTS, d.key(), d.value());
                        if (d.purchase() != null) {
                            purchases.add(d.purchase());
                            simulatedPurchases++;
                        } else {
                            responses++;
                        }
                    } else {
                        break;
                    }
                }
                sink.flush();
                if (sink.failed() > 0) {
                    throw new IllegalStateException("sending events failed: " + sink.lastError());
                }
                ticker.tick(List.of(Topics.CUSTOMER_EVENTS), next);
                watermark.await(next, Duration.ofMinutes(10));
                // The decisions sink sends asynchronously: a record that lands after this read is
                // read at the next step, and answered from then on.
                Thread.sleep(20);
                for (byte[] bytes : tail.readToEnd()) {
                    var decoded = decisionCodec.decode(bytes);
                    if (!decoded.isOk()) {
                        throw new IllegalStateException("undecodable decision: " + decoded);
                    }
                    Decision d = decoded.value();
                    decisions.add(d);
                    if (d.getOutcome() != DecisionOutcome.SENT || d.getMessageId() == null || !answered.add(d.getMessageId())) {
                        continue;
                    }
                    ResponseSimulator.Reaction reaction = simulator.react(d, next + 1);
                    rateSum += reaction.trueRate();
                    if (reaction.converted()) {
                        conversions++;
                    }
                    for (OfferResponse r : reaction.responses()) {
                        due.add(new Due(r.getEventTime(), r.getCustomerId(), events.encode(r), null));
                    }
                    if (reaction.purchase() != null) {
                        PurchaseEvent p = reaction.purchase();
                        due.add(new Due(p.getEventTime(), p.getCustomerId(), events.encode(p), p));
                    }
                }
                now = next;
                steps++;
                if (System.nanoTime() - lastLog > 15_000_000_000L) {
                    lastLog = System.nanoTime();
                    log.accept(String.format(Locale.ROOT, "  event time %s: %,d decision records, %,d messages answered",
                            Instant.ofEpochMilli(now), decisions.size(), answered.size()));
                }
            }
        }
        if (nextRecorded != null) {
            throw new IllegalStateException("recorded events after the end of the loop, from "
                    + Instant.ofEpochMilli(nextRecorded.getEventTime()));
        }
        // Answers due after the end are beyond the evaluation: not sent, counted.
        return new Loop(steps, recordedSent, answered.size(), responses, simulatedPurchases, conversions,
                answered.isEmpty() ? 0 : rateSum / answered.size(), due.size(), (System.nanoTime() - t0) / 1e9);
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
