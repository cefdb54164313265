package io.kairos.loadgen.accuracy;

import io.kairos.loadgen.accuracy.Accuracy;
import io.kairos.loadgen.accuracy.AccuracyReport;
import io.kairos.loadgen.accuracy.DeliveredMessages;
import io.kairos.loadgen.accuracy.Observed;
import io.kairos.loadgen.accuracy.ScoringOptions;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.ReplaySchedule;
import io.kairos.loadgen.replay.Replayer;
import io.kairos.loadgen.report.Report;
import io.kairos.loadgen.report.ReportWriter;
import io.kairos.loadgen.scenario.EvalScenarioOptions;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./kairos accuracy-eval}: the engine's accuracy on a synthetic scenario, end to end.
 * Generates the scenario (recording + truth), starts the real job on the embedded Kafka and Redis,
 * publishes the scenario's offer catalog, replays the recording as fast as it can with the
 * {@link Replayer}, moves event time a day past the end with clock ticks, waits until the job is
 * quiet, then scores the churn signals on customer-signals and the messages channels see in Redis
 * against the truth ({@link Accuracy}): a table, and JSON with {@code --json}.
 */
@Command(
        name = "kairos accuracy-eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the real job on a replayed synthetic scenario and scores it against the planted truth.")
public final class AccuracyEvalCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    /**
     * This scores how well moments are found, so nothing may hide a found moment: no control
     * group and no quiet hours (which would only delay messages). What the contact policy makes
     * of the moments is measured by {@code ./kairos decision-eval}.
     */
    static final Map<String, String> DETECTION_ONLY =
            Map.of(
                    "kairos.holdout.share", "0",
                    "kairos.contact.quiet-hours-start", "00:00",
                    "kairos.contact.quiet-hours-end", "00:00");

    @Mixin EvalScenarioOptions scenario = new EvalScenarioOptions(2000, 120);

    // The job's default caps (kairos.contact.cap-per-day, cap-per-week).
    @Mixin ScoringOptions scoring = new ScoringOptions(3, 10);

    @Mixin EvalOutputOptions output;

    @Option(names = "--report", description = "Also write report.json and report.html (the accuracy table) into this directory.")
    Path report;

    /** What one evaluation ran on and found. */
    public record Result(Scenario.Summary scenario, Replayer.Summary replay, long signals, int messages,
                         AccuracyReport report) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new AccuracyEvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        Path dir = output.scenarioDir("kairos-scenario");
        Result result = run(scenario.settings(), dir, scenario.parallelism(), scoring, Duration.ofSeconds(15),
                AccuracyEvalCommand::say);
        say("");
        say("=== accuracy against the planted truth ===");
        System.out.print(result.report().table());
        output.writeJson(result.report().toJson(), AccuracyEvalCommand::say);
        if (report != null) {
            say("HTML report: " + ReportWriter.write(htmlReport(result, startedAt), report));
        }
        say(String.format(Locale.ROOT, "wall time %.0f s", (System.nanoTime() - started) / 1e9));
        return 0;
    }

    /**
     * Generates the scenario into {@code dir}, runs it through the job and scores it.
     *
     * @param quiet how long the signals topic and Redis must stay unchanged to call the job done
     */
    public static Result run(Scenario.Settings settings, Path dir, int parallelism, ScoringOptions scoring,
                             Duration quiet, Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        Scenario scenario = new Scenario(settings);
        Scenario.Summary summary = scenario.write(dir);
        log.accept(String.format(Locale.ROOT, "scenario: %s%n%s", summary.recording, summary.table().trim()));
        long advanceTo = settings.endMillis() + DAY;

        try (EmbeddedEngine engine = EmbeddedEngine.start(parallelism)) {
            int offers = engine.publishCatalog(scenario.catalog().productCatalog().bootstrapOffers(System.currentTimeMillis()));
            log.accept("published " + offers + " offers");
            engine.startJob(parallelism, "kairos-accuracy-eval", EmbeddedEngine.historyOptions(settings.days(), DETECTION_ONLY));
            Replayer.Summary replay;
            try (RecordingReader reader = RecordingReader.open(dir.resolve(Scenario.EVENTS_FILE));
                 KafkaReplaySink sink = new KafkaReplaySink(engine.bootstrapServers(), Map.of())) {
                Replayer replayer = new Replayer(sink, Topics.CUSTOMER_EVENTS,
                        new ReplaySchedule(ReplaySchedule.MAX, ReplaySchedule.Ticker.SYSTEM, ReplaySchedule.Sleeper.SYSTEM),
                        ReplaySchedule.Ticker.SYSTEM);
                replay = replayer.run(reader, Instant.ofEpochMilli(advanceTo));
            }
            log.accept("replayed: " + replay);
            if (replay.failed() > 0 || replay.advancedTo() == null) {
                throw new IllegalStateException("the replay failed: " + replay);
            }
            long signals = engine.awaitQuiet(quiet, Duration.ofHours(2), log);
            List<Observed.ChurnSignal> churn = engine.churnSignals();
            GroundTruth truth = GroundTruth.read(dir.resolve(Scenario.TRUTH_FILE));
            List<Observed.Message> messages;
            try (UnifiedJedis redis = engine.openRedis()) {
                messages = DeliveredMessages.read(redis,
                        truth.customers.stream().map(GroundTruth.CustomerTruth::customer).toList(), 1000);
            }
            log.accept(String.format(Locale.ROOT, "read %,d churn signals and %,d messages in %.0f s",
                    churn.size(), messages.size(), (System.nanoTime() - t0) / 1e9));
            return new Result(summary, replay, signals, messages.size(), Accuracy.evaluate(truth, churn, messages,
                    scoring.settings(advanceTo, Duration.ofDays(1), Duration.ofDays(7))));
        }
    }

    /** The run as the load generator's report: its parameters, and the accuracy as a table section. */
    private Report htmlReport(Result result, Instant startedAt) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("customers", String.valueOf(scenario.customers()));
        parameters.put("days", String.valueOf(scenario.days()));
        parameters.put("seed", String.valueOf(scenario.seed()));
        parameters.put("parallelism", String.valueOf(scenario.parallelism()));
        parameters.put("cap per day / week", scoring.caps());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events replayed", result.replay().events());
        summary.put("churn signals", result.signals());
        summary.put("messages read from Redis", result.messages());
        return new Report("kairos accuracy-eval", startedAt.toString(), parameters, summary, List.of(), null, List.of())
                .withTable(new Report.Table("Accuracy against the planted truth",
                        "Churn signals and delivered messages scored against the scenario's ground truth.",
                        List.of("section", "measure", "value"), result.report().rows()));
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
