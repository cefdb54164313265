package io.kairos.operate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code reset-customer} against a real broker: one keyed update per customer on the customer event
 * topic, in the envelope, as the job reads them.
 */
class ResetCustomerCommandITCase {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void sendsOneKeyedResetPerCustomerAndForgetsWithForget() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, List.of(Topics.CUSTOMER_EVENTS));
            ResetCustomerCommand reset = new ResetCustomerCommand(Clock.fixed(NOW, ZoneOffset.UTC));
            int exit = new CommandLine(reset).execute("--bootstrap-servers", kafka.bootstrapServers(), "c-1", "c-2");
            assertEquals(0, exit);
            int forget = new CommandLine(new ResetCustomerCommand(Clock.fixed(NOW, ZoneOffset.UTC))).execute(
                    "--bootstrap-servers", kafka.bootstrapServers(), "--topic", Topics.CUSTOMER_EVENTS, "--forget",
                    "--at", "2026-12-01T00:00:00Z", "c-3");
            assertEquals(0, forget);

            List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, 3);
            CustomerEventCodec codec = CustomerEventCodec.create();
            List<String> seen = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                CustomerUpdate u = (CustomerUpdate) codec.decode(r.value()).value();
                assertEquals(new String(r.key(), StandardCharsets.UTF_8), u.getCustomerId(), "keyed by customer");
                seen.add(u.getCustomerId() + " " + u.getType() + " " + Instant.ofEpochMilli(u.getEventTime()));
            }
            seen.sort(null);
            assertEquals(List.of(
                    "c-1 RESET 2026-12-02T09:00:00Z",
                    "c-2 RESET 2026-12-02T09:00:00Z",
                    "c-3 FORGET_ME 2026-12-01T00:00:00Z"), seen);
        }
    }

    @Test
    void readsCustomerIdsFromStandardInput() throws Exception {
        ResetCustomerCommand reset = new ResetCustomerCommand();
        new CommandLine(reset).parseArgs("--bootstrap-servers", "k:1", "c-0", "-");
        List<String> ids = reset.customerIds(new ByteArrayInputStream("c-1\n\n c-2 \n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("c-0", "c-1", "c-2"), ids);
        assertEquals(CustomerUpdateType.RESET, ResetCustomerCommand.updateFor("c-1", CustomerUpdateType.RESET, 1L).getType());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "it-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.CUSTOMER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
