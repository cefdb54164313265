package io.kairos.loadgen;

import io.kairos.cli.DurationConverter;
import io.kairos.cli.KafkaConnection;
import io.kairos.cli.RedisConnection;
import io.kairos.loadgen.accuracy.Accuracy;
import io.kairos.loadgen.accuracy.AccuracyReport;
import io.kairos.loadgen.accuracy.ChurnSignals;
import io.kairos.loadgen.accuracy.DeliveredMessages;
import io.kairos.loadgen.accuracy.JsonReportOption;
import io.kairos.loadgen.accuracy.Observed;
import io.kairos.loadgen.accuracy.ScoringOptions;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;
import io.kairos.operate.TimeArgument;

/**
 * {@code ./kairos accuracy --truth dir/truth.jsonl --bootstrap-servers ... --redis-uri ... --end
 * <instant>}: after a scenario was replayed to a running engine, scores its churn signals (topic
 * customer-signals) and the messages channels see in Redis against the truth.
 */
@Command(
        name = "accuracy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scores a running engine against a scenario's truth: churn recall, precision and delay (in each"
                    + " churner's own gaps), planted cart abandonments and cross-sell moments found, messages per"
                    + " customer against caps, consent. Run after 'replay --advance-to' and once the job is quiet.",
            "Redis must still hold the messages: run the job with kairos.message.ttl longer than the history"
                    + " and kairos.redis.max-offers-per-customer above the messages a customer gets."
        })
public final class AccuracyCommand implements Callable<Integer> {

    @Option(names = "--truth", required = true, description = "The scenario's truth.jsonl.")
    Path truthFile;

    @Mixin KafkaConnection kafka;

    @Option(names = "--signals-topic", defaultValue = Topics.CUSTOMER_SIGNALS,
            description = "Topic of the engine's signals (default ${DEFAULT-VALUE}).")
    String signalsTopic;

    @Mixin RedisConnection redisConnection;

    @Option(names = "--end", required = true, converter = TimeArgument.class,
            description = "Event time the engine was advanced to (the replay's --advance-to).")
    Instant end;

    // The scored history ends at --end.
    @Mixin ScoringOptions scoring;

    @Option(names = "--cart-window", defaultValue = "24h", converter = DurationConverter.class,
            description = "A reminder within this after the cart finds it (default ${DEFAULT-VALUE}).")
    Duration cartWindow;

    @Option(names = "--cooldown", defaultValue = "168h", converter = DurationConverter.class,
            description = "The job's kairos.offer.cooldown: a cart within it of the previous one expects no reminder (default ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Mixin ConsumerProperties consumerProperties;

    @Mixin JsonReportOption json;

    @Override
    public Integer call() throws Exception {
        GroundTruth truth = GroundTruth.read(truthFile);
        List<Observed.ChurnSignal> signals = ChurnSignals.read(kafka.bootstrapServers(), signalsTopic, consumerProperties.settings(kafka));
        List<Observed.Message> messages;
        try (UnifiedJedis redis = redisConnection.endpoint().open()) {
            messages = DeliveredMessages.read(redis,
                    truth.customers.stream().map(GroundTruth.CustomerTruth::customer).toList(), 1000);
        }
        System.out.printf("read %,d customers of truth, %,d churn signals, %,d messages%n",
                truth.customers.size(), signals.size(), messages.size());
        AccuracyReport report = Accuracy.evaluate(truth, signals, messages, scoring.settings(end.toEpochMilli(), cartWindow, cooldown));
        System.out.print(report.table());
        json.write(report.toJson(), System.out::println);
        return 0;
    }
}
