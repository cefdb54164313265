package io.kairos.operate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.operate.OperatorTools;
import io.kairos.schemas.AvroCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kairos catalog} against a real broker: publish the shipped example, withdraw one offer,
 * refuse an invalid file whole, and read back exactly what the job would use.
 */
class CatalogCommandITCase {
    private static final String TOPIC = "catalog-it";
    private static final String WITHDRAWN = "offer-birthday-voucher";

    @TempDir Path dir;

    /** One run of {@code kairos loadgen catalog ...} with its exit code and output. */
    record Run(int exit, String out, String err) {}

    private static Run kairos(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new OperatorTools());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void publishWithdrawRefuseInvalidAndList() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createCompactedTopic(TOPIC, 1);
            String[] at = {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC, "--timeout", "30s"};
            List<OfferCatalogEntry> example = ExampleCatalogTest.exampleOffers();
            int n = example.size();

            Run published = kairos(concat(List.of("catalog", "publish"), at, ExampleCatalogTest.EXAMPLE.toString()));
            assertEquals(0, published.exit(), published.err());
            assertTrue(published.out().contains("published " + n + " offer(s) to " + TOPIC + "; catalog version " + n),
                    published.out());
            assertTrue(published.out().contains("offer-camera-bag") && published.out().contains(TOPIC + "-0@0"),
                    published.out());

            Run withdrawn = kairos(concat(List.of("catalog", "withdraw"), at, WITHDRAWN));
            assertEquals(0, withdrawn.exit(), withdrawn.err());
            assertTrue(withdrawn.out().contains("catalog version " + (n + 1)), withdrawn.out());
            assertEquals("", withdrawn.err(), "the offer was in the catalog");

            Path invalid = dir.resolve("invalid.json");
            Files.writeString(invalid, "[\n"
                    + "{\"offerId\": \"offer-new\", \"title\": \"New\", \"channels\": [\"EMAIL\"]},\n"
                    + "{\"offerId\": \"offer-camera-bag\", \"title\": \"Bag\", \"channels\": [\"EMAIL\"],"
                    + " \"priorityWeight\": 0},\n"
                    + "{\"offerId\": \"offer-odd\", \"title\": \"Odd\", \"channels\": [\"EMAIL\"], \"colour\": \"red\"}\n"
                    + "]\n", StandardCharsets.UTF_8);
            Run refused = kairos(concat(List.of("catalog", "publish"), at, invalid.toString()));
            assertEquals(CatalogCommand.INVALID, refused.exit(), refused.out());
            assertTrue(refused.err().contains(invalid + ":3: offer offer-camera-bag priorityWeight must be > 0"),
                    refused.err());
            assertTrue(refused.err().contains(invalid + ":4: offer offer-odd: unknown field 'colour'"), refused.err());
            assertTrue(refused.err().contains("nothing published: 2 problem(s)"), refused.err());

            Run dryRun = kairos(concat(List.of("catalog", "publish", "--dry-run"), at, ExampleCatalogTest.EXAMPLE.toString()));
            assertEquals(0, dryRun.exit(), dryRun.err());
            assertTrue(dryRun.out().contains("nothing published (--dry-run)"), dryRun.out());

            Run listed = kairos(concat(List.of("catalog", "list", "--json"), at));
            assertEquals(0, listed.exit(), listed.err());
            OfferJson.ReadResult read = OfferJson.read("list", listed.out());
            assertEquals(List.of(), read.problems());
            List<OfferCatalogEntry> expected = new ArrayList<>(example);
            expected.removeIf(o -> o.getOfferId().equals(WITHDRAWN));
            expected.sort(Comparator.comparing(OfferCatalogEntry::getOfferId));
            List<OfferCatalogEntry> actual = new ArrayList<>();
            for (OfferJson.Located o : read.offers()) {
                assertTrue(o.entry().getUpdatedAt() > 0, "publish stamps updatedAt");
                actual.add(OfferCatalogEntry.newBuilder(o.entry()).setUpdatedAt(0L).build());
            }
            assertEquals(expected, actual, "the example minus the withdrawn offer, nothing of the invalid file");

            Run text = kairos(concat(List.of("catalog", "list"), at));
            assertEquals(0, text.exit(), text.err());
            assertTrue(text.out().startsWith("catalog version " + (n + 1) + " on " + TOPIC + ": " + (n - 1)
                    + " offer(s) (" + (n + 1) + " record(s) read, 0 rejected)"), text.out());
            assertTrue(text.out().contains("offer-win-back-15  [WIN_BACK]"), text.out());

            assertRecordsOnTheTopic(kafka, example, n);
        }
    }

    private static void assertRecordsOnTheTopic(EmbeddedKafka kafka, List<OfferCatalogEntry> example, int n) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < n + 1 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertEquals(n + 1, records.size(), "the example's offers and one tombstone; nothing of the invalid file");
        AvroCodec<OfferCatalogEntry> codec = AvroCodec.of(OfferCatalogEntry.class);
        for (int i = 0; i < n; i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            OfferCatalogEntry decoded = codec.decode(r.value()).value();
            assertEquals(example.get(i).getOfferId(), decoded.getOfferId());
            assertEquals(decoded.getOfferId(), new String(r.key(), StandardCharsets.UTF_8), "key = offerId");
        }
        ConsumerRecord<byte[], byte[]> tombstone = records.get(n);
        assertEquals(WITHDRAWN, new String(tombstone.key(), StandardCharsets.UTF_8));
        assertNull(tombstone.value());
    }

    private static String[] concat(List<String> command, String[] connection, String... rest) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(connection));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
