package io.kairos.loadgen;

import io.kairos.cli.KafkaConnection;
import io.kairos.loadgen.replay.KafkaReplaySink;
import io.kairos.loadgen.measure.ProgressLine;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.RecordingWriter;
import io.kairos.loadgen.replay.ReplaySchedule;
import io.kairos.loadgen.replay.Replayer;
import io.kairos.loadgen.replay.StopOnCtrlC;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.kairos.operate.TimeArgument;

/**
 * {@code ./kairos replay --file events.avro --bootstrap-servers ... --speed 60}: sends a
 * recording to the customer event topic in file order with its gaps scaled by the speed, keyed
 * by customer (so each customer's events keep the file's order in their partition); then
 * optionally moves event time on with clock ticks.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replays a recording (from 'record' or 'import-csv') to Kafka: file order, gaps between event"
                    + " times divided by --speed, keyed by customer, every event to the customer event topic.",
            "The Kafka timestamp is the time of sending; the job reads event time from the events."
        })
public final class ReplayCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, description = "The recording to replay.")
    Path file;

    @Mixin KafkaConnection kafka;

    @Option(names = "--speed", defaultValue = "1", converter = SpeedConverter.class,
            description = "Times faster than real time: 1 = the recorded gaps, 60 = an hour a minute,"
                    + " max = as fast as possible (default ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--advance-to", converter = TimeArgument.class,
            description = "After the last event is acknowledged, move event time to this instant with a"
                    + " clock tick on every partition of the event topic (ISO instant, date, epoch ms, now,"
                    + " +30d); silence-based detectors then fire. Default: no tick.")
    Instant advanceTo;

    @Option(names = "--topic-prefix", defaultValue = "",
            description = "Put in front of the default topic names (e.g. 'staging.').")
    String topicPrefix;

    @Option(names = "--topic", description = "The customer event topic (default: <prefix>" + Topics.CUSTOMER_EVENTS + ").")
    String eventsTopic;

    @Option(names = "--no-catalog",
            description = "Do not publish the offer catalog first (a generated recording names the seed of"
                    + " its catalog, and by default the replay publishes those offers, as loadgen does).")
    boolean noCatalog;

    @Option(names = "--catalog-seed",
            description = "Publish the offer catalog of this seed first, whatever the file says.")
    Long catalogSeed;

    @Option(names = "--catalog-topic", description = "Topic of the offer catalog (default: <prefix>offer-catalog).")
    String catalogTopic;

    @Option(names = "--producer-property", description = "A Kafka producer setting (e.g. security.protocol=SSL), repeatable.")
    Map<String, String> producerProperties = new HashMap<>();

    /** "max" or a positive number, optionally with an x: 60, 60x, 0.5. */
    static final class SpeedConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("max")) {
                return ReplaySchedule.MAX;
            }
            try {
                double speed = Double.parseDouble(v.endsWith("x") ? v.substring(0, v.length() - 1) : v);
                if (speed > 0 && !Double.isInfinite(speed)) {
                    return speed;
                }
            } catch (NumberFormatException ignored) {
                // below
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a speed; use a positive factor (1, 60, 0.5) or max");
        }
    }

    /** The topic events go to: --topic, else the default with the prefix. */
    String topic() {
        return eventsTopic != null && !eventsTopic.isBlank() ? eventsTopic : topicPrefix + Topics.CUSTOMER_EVENTS;
    }

    @Override
    public Integer call() throws Exception {
        if (advanceTo != null && advanceTo.toEpochMilli() <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--advance-to must be after 1970");
        }
        String topic = topic();
        String speedText = speed == ReplaySchedule.MAX ? "max" : speed + "x";
        Replayer.Summary summary;
        try (RecordingReader reader = RecordingReader.open(file);
             KafkaReplaySink sink = new KafkaReplaySink(kafka.bootstrapServers(), kafka.settings(producerProperties))) {
            System.out.printf("replaying %s (%s) at speed %s to %s%n", file,
                    reader.metadata(RecordingWriter.META_SOURCE), speedText, topic);
            String seed = catalogSeed != null ? catalogSeed.toString()
                    : reader.metadata(RecordingWriter.META_CATALOG_SEED);
            if (seed != null && !noCatalog) {
                String catalog = catalogTopic != null ? catalogTopic : topicPrefix + Topics.OFFER_CATALOG;
                try (LoadGenerator publisher = new LoadGenerator(kafka.bootstrapServers(), kafka.settings(producerProperties))) {
                    int offers = publisher.publishCatalog(catalog,
                            new ProductCatalog(Long.parseLong(seed)).bootstrapOffers(System.currentTimeMillis()));
                    System.out.printf("published %d offers (catalog seed %s) to %s%n", offers, seed, catalog);
                }
            }
            Replayer replayer = new Replayer(sink, topic,
                    new ReplaySchedule(speed, ReplaySchedule.Ticker.SYSTEM, ReplaySchedule.Sleeper.SYSTEM),
                    ReplaySchedule.Ticker.SYSTEM);
            long[] last = {0};
            try (ProgressLine progress = new ProgressLine(System.out, () -> progressLine(replayer, last))) {
                summary = StopOnCtrlC.run("kairos-replay", () -> replayer.run(reader, advanceTo));
            }
        }
        if (summary.advancedTo() != null && summary.events() > 0 && advanceTo.toEpochMilli() <= summary.lastEventTime()) {
            System.out.println("note: --advance-to is not after the last event; event time never goes back,"
                    + " so the tick changed nothing");
        }
        System.out.println("done: " + summary);
        return summary.failed() == 0 && !summary.interrupted() ? 0 : 1;
    }

    private static String progressLine(Replayer replayer, long[] last) {
        long now = replayer.sent();
        long delta = now - last[0];
        last[0] = now;
        long lag = replayer.lagMillis();
        return String.format("sent %,d (+%,d, %,.0f/s), event time %s%s", now, delta, delta / 5.0,
                now == 0 ? "-" : Instant.ofEpochMilli(replayer.lastEventTime()),
                lag < 0 ? "" : String.format(", %,d ms behind schedule", lag));
    }
}
