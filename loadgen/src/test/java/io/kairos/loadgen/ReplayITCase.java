package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.RecordedEvent;
import io.kairos.loadgen.replay.EventKind;
import io.kairos.loadgen.replay.RecordingReader;
import io.kairos.loadgen.replay.RecordingWriter;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Record a generated stream to a file, replay it through {@code ./kairos replay} at max speed to
 * a real in-process broker with {@code --advance-to}, and capture it back with {@code record
 * --from-kafka --until-end}. {@code -Dreplay.events=200000} makes it a throughput measurement.
 */
class ReplayITCase {
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant ADVANCE_TO = Instant.parse("2026-12-31T00:00:00Z");
    private static final int PARTITIONS = 3;
    private static final int EVENTS = Integer.getInteger("replay.events", 3_000);

    @TempDir Path dir;

    @Test
    void replaysARecordingInOrderPerCustomerThenTicksEveryPartition() throws Exception {
        Path file = dir.resolve("events.avro");
        RecordingWriter.Summary recorded =
                RecordCommand.generate(file, START, 200, EVENTS, null, new PopulationOptions(500, 50, 7));
        assertEquals(EVENTS, recorded.events());
        List<RecordedEvent> events = RecordingReader.readAll(file);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
            String topic = prefix + Topics.CUSTOMER_EVENTS;
            List<String> topics = List.of(topic);
            kafka.createTopics(PARTITIONS, topics);
            kafka.createCompactedTopic(prefix + Topics.OFFER_CATALOG, 1);

            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new LoadgenMain());
            cli.setOut(new PrintWriter(out));
            long started = System.nanoTime();
            int exit = cli.execute("replay", "--file", file.toString(), "--bootstrap-servers",
                    kafka.bootstrapServers(), "--speed", "max", "--topic-prefix", prefix,
                    "--advance-to", ADVANCE_TO.toString());
            System.out.printf("replayed %,d events at max speed in %.2f s (command, incl. producer start and ticks)%n",
                    EVENTS, (System.nanoTime() - started) / 1e9);
            assertEquals(0, exit, out.toString());
            // the generated file names its catalog's seed: the replay published those offers first
            int offers = new ProductCatalog(7).bootstrapOffers(0).size();
            assertEquals(offers, readAll(kafka, List.of(prefix + Topics.OFFER_CATALOG), offers).values().stream()
                    .mapToInt(List::size).sum());

            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition =
                    readAll(kafka, topics, EVENTS + PARTITIONS * topics.size());
            assertEquals(PARTITIONS * topics.size(), byPartition.size(), "every partition got records");

            // What each customer did, of every kind, in the file's order...
            Map<String, List<String>> expected = new HashMap<>();
            for (RecordedEvent e : events) {
                expected.computeIfAbsent(topic + "/" + e.getKey(), k -> new ArrayList<>()).add(eventId(e.getEvent()));
            }
            // ...is what arrived, in offset order, each customer on one partition; a tick ends each partition.
            Map<String, List<String>> arrived = new HashMap<>();
            Map<String, Integer> partitionOfKey = new HashMap<>();
            CustomerEventCodec codec = CustomerEventCodec.create();
            for (Map.Entry<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> p : byPartition.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> records = p.getValue();
                ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
                Header tick = last.headers().lastHeader(ClockTick.HEADER);
                assertNotNull(tick, "the last record of " + p.getKey() + " is a clock tick");
                assertEquals(ADVANCE_TO.toEpochMilli(), ClockTick.parse(tick.value()));
                for (ConsumerRecord<byte[], byte[]> r : records.subList(0, records.size() - 1)) {
                    assertNull(r.headers().lastHeader(ClockTick.HEADER), "one tick, at the end");
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    Object event = codec.decode(r.value()).value();
                    assertEquals(key, EventKind.customerId(event), "keyed by customer");
                    arrived.computeIfAbsent(r.topic() + "/" + key, k -> new ArrayList<>()).add(eventId(event));
                    Integer before = partitionOfKey.put(r.topic() + "/" + key, r.partition());
                    assertTrue(before == null || before == r.partition(), key + " on one partition");
                }
            }
            assertEquals(expected, arrived);

            // Capturing the topic back gives the same events (each customer's order kept).
            Path captured = dir.resolve("captured.avro");
            StringWriter recordOut = new StringWriter();
            CommandLine record = new CommandLine(new LoadgenMain());
            record.setOut(new PrintWriter(recordOut));
            assertEquals(0, record.execute("record", "--from-kafka", "--until-end", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--topic", String.join(",", topics), "--out", captured.toString()),
                    recordOut.toString());
            List<RecordedEvent> back = RecordingReader.readAll(captured);
            assertEquals(events.size(), back.size());
            Map<String, List<String>> recaptured = new HashMap<>();
            long previous = Long.MIN_VALUE;
            for (RecordedEvent e : back) {
                assertTrue(e.getEventTime() >= previous, "captured file in event-time order");
                previous = e.getEventTime();
                recaptured.computeIfAbsent(e.getSourceTopic() + "/" + e.getKey(), k -> new ArrayList<>())
                        .add(eventId(e.getEvent()));
            }
            assertEquals(expected, recaptured);
        }
    }

    private static String eventId(Object event) {
        return ((org.apache.avro.generic.GenericRecord) event).get("eventId").toString();
    }

    private static Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readAll(
            EmbeddedKafka kafka, List<String> topics, int expected) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(),
                        "group.id", "it-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int seen = 0;
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
                    seen++;
                }
            }
            assertEquals(expected, seen, "records read");
        }
        return out;
    }
}
