package io.kairos.operate;

import io.kairos.cli.KafkaConnection;
import io.kairos.cli.EventTopic;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./kairos reset-customer c-000042 ...}: an operator's reset (or, with {@code --forget},
 * a forget-me) of customers, sent as a customer update through the job's own input (the customer
 * event topic, keyed by customer), so it takes its place in the customer's ordered log: events
 * before it are decided before it, events after it after it. It survives restarts and is replayed
 * like any event.
 */
@Command(
        name = "reset-customer",
        mixinStandardHelpOptions = true,
        description = {
            "Resets customers: the engine drops what it learned about them (value, rhythm, affinities,"
                    + " churn state, cart) and keeps what they told us (consents, name, birthday, time"
                    + " zone); their next events rebuild them.",
            "With --forget, forgets them instead (right to erasure): all state and Redis keys go, and"
                    + " their events are dropped for kairos.customer.forget-retention."
        })
public final class ResetCustomerCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaConnection kafka;

    @Mixin EventTopic topic;

    @Option(names = "--forget", description = "Send FORGET_ME instead of RESET.")
    boolean forget;

    @Option(names = "--at", converter = TimeArgument.class,
            description = "Event time of the update (default now). The job applies it where it lands in the"
                    + " customer's partition, after the events already sent.")
    Instant at;

    @Parameters(arity = "1..*", paramLabel = "CUSTOMER", description = "Customer ids; '-' reads them from standard input, one per line.")
    List<String> customers = new ArrayList<>();

    private final Clock clock;

    public ResetCustomerCommand() {
        this(Clock.systemUTC());
    }

    ResetCustomerCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        List<String> ids = customerIds(System.in);
        if (ids.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no customer id given");
        }
        long eventTime = (at == null ? clock.instant() : at).toEpochMilli();
        CustomerUpdateType type = forget ? CustomerUpdateType.FORGET_ME : CustomerUpdateType.RESET;
        CustomerEventCodec codec = CustomerEventCodec.create();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String id : ids) {
                CustomerUpdate update = updateFor(id, type, eventTime);
                producer.send(new ProducerRecord<>(topic.name(), id.getBytes(StandardCharsets.UTF_8), codec.encode(update))).get();
            }
        }
        System.out.printf("sent %s for %d customer(s) to %s at event time %s%n", type, ids.size(), topic.name(), Instant.ofEpochMilli(eventTime));
        return 0;
    }

    static CustomerUpdate updateFor(String customerId, CustomerUpdateType type, long eventTime) {
        return CustomerUpdate.newBuilder()
                .setEventId("operator-" + type.name().toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID())
                .setCustomerId(customerId)
                .setEventTime(eventTime)
                .setType(type)
                .build();
    }

    List<String> customerIds(InputStream stdin) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String c : customers) {
            if (c.equals("-")) {
                for (String line : new String(stdin.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    if (!line.isBlank()) {
                        ids.add(line.strip());
                    }
                }
            } else {
                ids.add(c);
            }
        }
        return ids;
    }

    private Properties producerProperties() throws IOException {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }
}
