package io.kairos.loadgen.churn;

import io.kairos.channel.KafkaBytes;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.loadgen.accuracy.Observed;
import io.kairos.loadgen.churn.ChurnEvaluation;
import io.kairos.loadgen.churn.ChurnPopulation.Customer;
import io.kairos.loadgen.churn.ChurnPopulation;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.engine.LocalFiles;
import io.kairos.loadgen.scenario.EvalScenarioOptions;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos churn-eval}: how well the engine's churn early warning does on a population
 * with planted churners. Runs the real job (parallelism 2, RocksDB) on the embedded Kafka and
 * Redis, replays three years of purchases as fast as it can, advances event time past the end with
 * clock ticks so that silence is noticed, then reads the churn signals and scores them against
 * the truth; the final savepoint's size over the customers is the state per customer.
 */
@Command(
        name = "kairos churn-eval",
        mixinStandardHelpOptions = true,
        description = "Scores the churn early warning against a simulated population with planted churners.")
public final class ChurnEvalCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    // --customers are the buyers.
    @Mixin EvalScenarioOptions scenario = new EvalScenarioOptions(2000, 1095);

    @Option(names = "--churn-share", defaultValue = "0.25", description = "Share planted as churners (default ${DEFAULT-VALUE}).")
    double churnShare;

    @Mixin DetectableAfter detectableAfter;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChurnEvalCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        // The history ends a day ago, so it is all a replay and profiles are fresh at the end.
        long end = (System.currentTimeMillis() / DAY - 1) * DAY;
        int days = scenario.days();
        long start = end - days * DAY;
        List<Customer> truth = ChurnPopulation.generate(scenario.customers(), churnShare, start, days, scenario.seed());
        List<Event> events = events(truth);
        say(String.format(Locale.ROOT, "population: %,d buyers (%,d planted churners), %,d events over %d days to %s",
                truth.size(), truth.stream().filter(Customer::churner).count(), events.size(), days, Instant.ofEpochMilli(end)));

        try (EmbeddedEngine engine = EmbeddedEngine.start(scenario.parallelism())) {
            // The history is years old: keep what Redis would otherwise expire on arrival.
            engine.startJob(scenario.parallelism(), "kairos-churn-eval", EmbeddedEngine.historyOptions(days, Map.of()));
            JobClient job = engine.job();
            produce(engine.bootstrapServers(), events);
            say(String.format(Locale.ROOT, "produced %,d events in %.0f s; advancing event time past the end ...",
                    events.size(), (System.nanoTime() - started) / 1e9));
            engine.tick(end + DAY);
            long signals = engine.awaitQuiet(Duration.ofSeconds(20), Duration.ofHours(2), ChurnEvalCommand::say);
            say(String.format(Locale.ROOT, "%,d signals; taking a canonical savepoint ...", signals));
            Path savepoints = engine.workDir().resolve("savepoints");
            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(5, TimeUnit.MINUTES);
            long savepointBytes = LocalFiles.sizeOf(Path.of(java.net.URI.create(savepoint)));

            Map<String, List<Long>> flags = new HashMap<>();
            for (Observed.ChurnSignal s : engine.churnSignals()) {
                if (s.entered()) {
                    flags.computeIfAbsent(s.customer(), k -> new ArrayList<>()).add(s.time());
                }
            }
            ChurnEvaluation evaluation = ChurnEvaluation.evaluate(truth, flags, end, detectableAfter.gaps());
            say("");
            say("=== churn early warning against planted truth ===");
            System.out.print(evaluation.report());
            say(String.format(Locale.ROOT, "state: savepoint %,d bytes for %,d customers = %,.0f bytes per customer (canonical format, all operators)",
                    savepointBytes, truth.size(), savepointBytes / (double) truth.size()));
            say(String.format(Locale.ROOT, "wall time %.0f s", (System.nanoTime() - started) / 1e9));
            return 0;
        }
    }

    /** A product view an hour before each purchase; all in event-time order. */
    private static List<Event> events(List<Customer> truth) {
        List<Event> events = new ArrayList<>();
        CustomerEventCodec codec = CustomerEventCodec.create();
        for (Customer c : truth) {
            int n = 0;
            for (long at : c.purchases()) {
                String id = c.id() + "-" + n++;
                events.add(new Event(at - 3_600_000L, c.id(), codec.encode(ClickEvent.newBuilder()
                        .setEventId("v-" + id).setEventTime(at - 3_600_000L).setCustomerId(c.id())
                        .setType(ClickType.PRODUCT_VIEW).setSessionId("s-" + id).setProductId("p-" + c.archetype())
                        .setCategory(c.archetype().name().toLowerCase(Locale.ROOT)).build())));
                events.add(new Event(at, c.id(), codec.encode(PurchaseEvent.newBuilder()
                        .setEventId("p-" + id).setEventTime(at).setCustomerId(c.id()).setOrderId("o-" + id)
                        .setLines(List.of(OrderLine.newBuilder().setProductId("p-" + c.archetype())
                                .setCategory(c.archetype().name().toLowerCase(Locale.ROOT)).setQuantity(1)
                                .setUnitPrice(20 + c.id().hashCode() % 7 * 10).build()))
                        .build())));
            }
        }
        events.sort(Comparator.comparingLong(Event::at));
        return events;
    }

    private record Event(long at, String customer, byte[] value) {}

    private static void produce(String bootstrap, List<Event> events) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                KafkaBytes.producer(bootstrap, Map.of("acks", "all", "linger.ms", "20"), Map.of())) {
            for (Event e : events) {
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_EVENTS, e.customer().getBytes(StandardCharsets.UTF_8), e.value()));
            }
            producer.flush();
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
