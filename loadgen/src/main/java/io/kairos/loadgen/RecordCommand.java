package io.kairos.loadgen;

import io.kairos.cli.DurationConverter;
import io.kairos.cli.KafkaConnection;
import io.kairos.loadgen.replay.KafkaCapture;
import io.kairos.loadgen.measure.ProgressLine;
import io.kairos.loadgen.replay.RecordingWriter;
import io.kairos.loadgen.replay.StopOnCtrlC;
import io.kairos.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.kairos.operate.TimeArgument;

/**
 * {@code ./kairos record --out events.avro}: writes a recording (see {@link RecordingWriter}),
 * either of the seeded synthetic population's events, generated without Kafka with event times
 * from {@code --start} at {@code --rate} per second, or captured from Kafka topics.
 */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes an event stream to a recording file (Avro container of RecordedEvent, in event-time"
                    + " order) for './kairos replay'.",
            "By default generates the seeded population's events without Kafka: --events N or a"
                    + " --duration of event time at --rate events per second from --start.",
            "With --from-kafka, captures the customer event topic from its beginning instead, each"
                    + " partition's order kept (the order the engine decides in)."
        })
public final class RecordCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, description = "The recording file to write (replaced if it exists).")
    Path out;

    @Option(names = "--events", defaultValue = "0", description = "Generate this many events (0: see --duration).")
    long events;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Generate this much event time (e.g. 10m, 2h); with --from-kafka and no"
                    + " --until-end: capture for this long.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "100",
            description = "Generated events per second of event time, Poisson arrivals (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--start", converter = TimeArgument.class,
            description = "Event time of the first generated event: ISO instant, date, epoch ms, now,"
                    + " +duration (default: now). Give it for a byte-identical file per seed.")
    Instant start;

    @Mixin PopulationOptions population;

    @Option(names = "--from-kafka", description = "Capture from Kafka instead of generating.")
    boolean fromKafka;

    @Mixin KafkaConnection kafka; // with --from-kafka

    @Option(names = "--topic", split = ",",
            description = "Topics to capture, repeatable or comma-separated (default: " + Topics.CUSTOMER_EVENTS + ").")
    List<String> topics = new ArrayList<>();

    @Option(names = "--until-end",
            description = "Capture up to the end offsets at start, then stop (else: for --duration, or until Ctrl-C).")
    boolean untilEnd;

    @Option(names = "--reorder-window", defaultValue = "0s", converter = DurationConverter.class,
            description = "Captured events up to this far out of event-time order are put in order; later"
                    + " ones are kept where they came and counted as late. The default ${DEFAULT-VALUE} keeps"
                    + " each partition's order, which is each customer's order as the engine decided it;"
                    + " a wider window may change it.")
    Duration reorderWindow;

    @Mixin ConsumerProperties consumerProperties;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (fromKafka) {
            return capture(cmd);
        }
        if (events < 0 || (events == 0 && duration == null)) {
            throw new CommandLine.ParameterException(cmd, "give --events N or --duration (or --from-kafka)");
        }
        if (!(rate > 0) || !population.positive() || (duration != null && duration.isNegative())) {
            throw new CommandLine.ParameterException(cmd, "--rate, --customers, --sessions and --duration must be positive");
        }
        Instant first = start != null ? start : Instant.now();
        long started = System.nanoTime();
        RecordingWriter.Summary summary = generate(out, first, rate, events, duration, population);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("wrote %s: %s in %.1f s%n", out, summary, seconds);
        return 0;
    }

    /** Generates the population's events into a file; the same arguments give the same file content. */
    static RecordingWriter.Summary generate(Path out, Instant start, double rate, long events, Duration duration,
                                            PopulationOptions population) throws Exception {
        SimulatedArrivals clock = new SimulatedArrivals(start, rate, population.seed());
        EventGenerator generator = population.generator(population.catalog(), clock, 0);
        long end = duration == null ? Long.MAX_VALUE : start.toEpochMilli() + duration.toMillis();
        String source = String.format("generated: seed %d, %d customers, %d sessions, %.1f events/s from %s",
                population.seed(), population.customers(), population.sessions(), rate, start);
        try (RecordingWriter writer = RecordingWriter.create(out, source, Duration.ZERO,
                Map.of(RecordingWriter.META_CATALOG_SEED, Long.toString(population.seed())))) {
            while ((events == 0 || writer.written() < events) && clock.millis() < end) {
                // The generator hands out bytes as a producer would; a recording keeps the event.
                writer.append(generator.next().event(), null);
                clock.advance();
            }
            writer.close();
            return writer.summary();
        }
    }

    private int capture(CommandLine cmd) throws Exception {
        if (!untilEnd && duration == null) {
            throw new CommandLine.ParameterException(cmd, "with --from-kafka, give --until-end or --duration");
        }
        List<String> from = topics.isEmpty() ? List.of(Topics.CUSTOMER_EVENTS) : topics;
        KafkaCapture capture = new KafkaCapture(kafka.bootstrapServers(), consumerProperties.settings(kafka));
        long started = System.nanoTime();
        String source = "captured from Kafka " + kafka.bootstrapServers() + " topics " + from + " at " + Instant.now();
        String report = StopOnCtrlC.run("kairos-record", () -> {
            try (RecordingWriter writer = RecordingWriter.create(out, source, reorderWindow);
                 ProgressLine progress = new ProgressLine(System.out, () -> String.format("captured %,d", capture.captured()))) {
                KafkaCapture.Summary read = capture.capture(from, writer, untilEnd,
                        duration == null ? Duration.ZERO : duration);
                writer.close();
                return String.format("read: %s%nwrote %s: %s", read, out, writer.summary());
            }
        });
        System.out.printf("%s in %.1f s%n", report, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
