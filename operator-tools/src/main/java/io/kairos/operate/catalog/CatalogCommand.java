package io.kairos.operate.catalog;

import io.kairos.cli.DurationConverter;
import io.kairos.cli.KafkaConnection;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.schemas.CatalogValidator;
import io.kairos.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./kairos catalog}: publish, withdraw and list the live offer catalog on the compacted
 * offer-catalog topic. (The load generator's catalog, a starting point to edit, is written by
 * {@code ./kairos catalog export}, which is loadgen's {@code export-catalog}.) Every offer is checked with the job's own {@link
 * CatalogValidator} before anything is sent, so a mistake is caught here, not as a dead letter.
 */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = {
            "Changes and shows the live offer catalog (topic offer-catalog: key offerId, compacted, one"
                    + " partition; a record's offset + 1 is the catalog version stamped on decisions).",
            "A starting point to edit: ./kairos catalog export [--seed 42] writes the load generator's"
                    + " offers in the format publish reads.",
        },
        subcommands = {
            CatalogCommand.Publish.class,
            CatalogCommand.Withdraw.class,
            CatalogCommand.ListCatalog.class
        })
public final class CatalogCommand implements Callable<Integer> {
    /** Exit code of a refused change: invalid offers, nothing published. */
    public static final int INVALID = 2;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Where the catalog is: options shared by the subcommands that talk to Kafka. */
    public static final class Connection {
        @Mixin KafkaConnection kafka = new KafkaConnection();

        @Option(names = "--topic", defaultValue = Topics.OFFER_CATALOG,
                description = "The offer catalog topic (default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
                description = "How long to wait for Kafka when reading the topic (default ${DEFAULT-VALUE}).")
        Duration timeout;

        /** Required unless nothing is sent or read (publish --dry-run); checked before any work. */
        void require(CommandLine cmd) {
            if (!kafka.given()) {
                throw new CommandLine.ParameterException(cmd, "Missing --bootstrap-servers (or env KAIROS_KAFKA_BOOTSTRAP_SERVERS): where is Kafka?");
            }
        }

        CatalogTopic open(CommandLine cmd) throws IOException {
            require(cmd);
            return new CatalogTopic(kafka.clientProperties(), topic);
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes offers from JSON files (an array of offers, or one offer per line): field names"
                        + " as in OfferCatalogEntry.avsc, enums by name, times as epoch ms or ISO-8601"
                        + " instants, cooldownMs also as an ISO-8601 duration (P7D).",
                "Every offer is validated first; if any is invalid, every reason is printed and nothing"
                        + " is published (exit code 2). updatedAt is set to the time of publishing."
            })
    public static final class Publish implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Mixin Connection connection = new Connection();

        @Option(names = "--dry-run", description = "Validate only; publish nothing (no Kafka needed).")
        boolean dryRun;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON files of offers.")
        List<Path> files = new ArrayList<>();

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!dryRun) {
                connection.require(spec.commandLine());
            }
            List<OfferJson.Located> offers = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    problems.add(file + ": no such file");
                    continue;
                }
                OfferJson.ReadResult read = OfferJson.read(file);
                offers.addAll(read.offers());
                problems.addAll(read.problems());
            }
            problems.addAll(validate(offers));
            if (offers.isEmpty() && problems.isEmpty()) {
                problems.add("no offers in " + files);
            }
            if (!problems.isEmpty()) {
                problems.forEach(err::println);
                err.printf("nothing published: %d problem(s); fix them and publish again%n", problems.size());
                err.flush();
                return INVALID;
            }
            if (dryRun) {
                out.printf("valid: %d offer(s) in %d file(s); nothing published (--dry-run)%n", offers.size(),
                        files.size());
                out.flush();
                return 0;
            }
            long now = clock.millis();
            try (CatalogTopic topic = connection.open(spec.commandLine())) {
                warnIfNotOnePartition(topic, err);
                RecordMetadata last = null;
                for (OfferJson.Located located : offers) {
                    OfferCatalogEntry entry = OfferCatalogEntry.newBuilder(located.entry()).setUpdatedAt(now).build();
                    try {
                        last = topic.publish(entry);
                    } catch (ExecutionException e) {
                        err.printf("offer %s: not published: %s%n", entry.getOfferId(), e.getCause());
                        err.printf("stopped: the offers before it were published (catalog version %s)%n",
                                last == null ? "unchanged" : String.valueOf(last.offset() + 1));
                        err.flush();
                        return 1;
                    }
                    out.printf("published %-32s %s-%d@%d  catalog version %d%n", entry.getOfferId(),
                            last.topic(), last.partition(), last.offset(), last.offset() + 1);
                }
                out.printf("published %d offer(s) to %s; catalog version %d%n", offers.size(), topic.topic(),
                        last.offset() + 1);
                out.flush();
                return 0;
            }
        }

        /** The validator's reason for every invalid offer, and offers given more than once. */
        static List<String> validate(List<OfferJson.Located> offers) {
            List<String> problems = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            for (OfferJson.Located o : offers) {
                Optional<String> problem = CatalogValidator.check(o.entry());
                problem.ifPresent(p -> problems.add(o.where() + ": " + p));
                String id = o.entry().getOfferId();
                String first = seen.putIfAbsent(id, o.where());
                if (first != null) {
                    problems.add(o.where() + ": offer " + id + " is given twice (first at " + first
                            + "); the later one would silently win");
                }
            }
            return problems;
        }
    }

    @Command(
            name = "withdraw",
            mixinStandardHelpOptions = true,
            description = "Withdraws offers: a tombstone (key offerId, no value) each; the job stops using them.")
    public static final class Withdraw implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Mixin Connection connection = new Connection();

        @Parameters(arity = "1..*", paramLabel = "OFFER_ID", description = "Ids of the offers to withdraw.")
        List<String> offerIds = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (CatalogTopic topic = connection.open(spec.commandLine())) {
                warnIfNotOnePartition(topic, err);
                Map<String, OfferCatalogEntry> current = topic.read(connection.timeout).offers();
                for (String id : offerIds) {
                    if (!current.containsKey(id)) {
                        err.printf("warning: offer %s is not in the catalog; withdrawing it anyway%n", id);
                    }
                    RecordMetadata m = topic.withdraw(id);
                    out.printf("withdrew  %-32s %s-%d@%d  catalog version %d%n", id, m.topic(), m.partition(),
                            m.offset(), m.offset() + 1);
                }
            }
            out.flush();
            err.flush();
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Prints the catalog in use: the topic read from its beginning to its end, in order,"
                    + " as the job reads it, with the catalog version.")
    public static final class ListCatalog implements Callable<Integer> {
        @Spec CommandLine.Model.CommandSpec spec;

        @Mixin Connection connection = new Connection();

        @Option(names = "--json", description = "Print the offers as JSON, in the format publish reads.")
        boolean json;

        Clock clock = Clock.systemUTC();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CatalogState state;
            try (CatalogTopic topic = connection.open(spec.commandLine())) {
                state = topic.read(connection.timeout);
            }
            for (CatalogState.Rejected r : state.rejected()) {
                err.printf("rejected by the job (a dead letter; the offer before it stays): %s-%d@%d key %s: %s%n",
                        connection.topic, r.partition(), r.offset(), r.key(), r.reason());
            }
            err.flush();
            if (json) {
                out.print(OfferJson.toJsonArray(state.offers().values()));
            } else {
                out.printf("catalog version %d on %s: %d offer(s) (%d record(s) read, %d rejected)%n",
                        state.version(), connection.topic, state.offers().size(), state.records(),
                        state.rejected().size());
                long now = clock.millis();
                for (OfferCatalogEntry e : state.offers().values()) {
                    out.print(describe(e, now));
                }
            }
            out.flush();
            return 0;
        }
    }

    private static void warnIfNotOnePartition(CatalogTopic topic, PrintWriter err) {
        int partitions = topic.partitions();
        if (partitions != 1) {
            err.printf("warning: %s has %d partitions; the catalog topic should have one (its offsets number"
                    + " the catalog versions, and one offer's records must stay in order)%n", topic.topic(), partitions);
        }
    }

    /** Two lines per offer: id, triggers, title; then channels, value, weight, validity, who. */
    static String describe(OfferCatalogEntry e, long now) {
        String triggers = e.getTriggers().isEmpty()
                ? "[CROSS_SELL by default]"
                : e.getTriggers().stream().map(Trigger::name).toList().toString();
        return String.format(Locale.ROOT, "%s  %s  %s%n    %s  value %.2f  weight %.2f  %s  %s%n",
                e.getOfferId(), triggers, e.getTitle(),
                String.join(",", e.getChannels().stream().map(Enum::name).toList()),
                e.getValue(), e.getPriorityWeight(), validity(e, now), eligibility(e));
    }

    static String validity(OfferCatalogEntry e, long now) {
        Long from = e.getValidFrom();
        Long until = e.getValidUntil();
        if (from == null && until == null) {
            return "valid always";
        }
        String range = "valid " + (from == null ? "" : "from " + Instant.ofEpochMilli(from) + " ")
                + (until == null ? "" : "until " + Instant.ofEpochMilli(until));
        if (until != null && until <= now) {
            return range.strip() + " (expired)";
        }
        if (from != null && from > now) {
            return range.strip() + " (not yet)";
        }
        return range.strip();
    }

    static String eligibility(OfferCatalogEntry e) {
        List<String> parts = new ArrayList<>();
        if (!e.getAccessoryFor().isEmpty()) {
            List<String> fits = e.getAccessoryFor();
            parts.add("after buying " + String.join(",", fits.subList(0, Math.min(3, fits.size())))
                    + (fits.size() > 3 ? " +" + (fits.size() - 3) + " more" : ""));
        }
        if (e.getProductId() != null) {
            parts.add("product " + e.getProductId());
        }
        if (e.getCategory() != null) {
            parts.add("category " + e.getCategory());
        }
        if (!e.getSegments().isEmpty()) {
            parts.add("segments " + String.join(",", e.getSegments()));
        }
        if (!e.getLifecycles().isEmpty()) {
            parts.add("lifecycles " + String.join(",", e.getLifecycles()));
        }
        if (e.getMinChurnRisk() > 0 || e.getMaxChurnRisk() < 1) {
            parts.add(String.format(Locale.ROOT, "churn risk %.2f..%.2f", e.getMinChurnRisk(), e.getMaxChurnRisk()));
        }
        if (e.getMinCategoryAffinity() > 0) {
            parts.add(String.format(Locale.ROOT, "category affinity >= %.2f", e.getMinCategoryAffinity()));
        }
        if (e.getRepurchaseDays() != null) {
            parts.add("repurchase after " + e.getRepurchaseDays() + " d");
        }
        if (e.getCooldownMs() != null) {
            parts.add("cooldown " + OfferJson.isoDuration(e.getCooldownMs()));
        }
        if (e.getTransactional()) {
            parts.add("transactional");
        }
        return parts.isEmpty() ? "everyone" : String.join("; ", parts);
    }
}
