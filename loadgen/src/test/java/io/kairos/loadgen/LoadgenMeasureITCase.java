package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.RedisEndpoint;
import io.kairos.events.Channel;
import io.kairos.events.PurchaseEvent;
import io.kairos.loadgen.measure.Measurement;
import io.kairos.loadgen.report.LatencySection;
import io.kairos.loadgen.report.Report;
import io.kairos.loadgen.report.ReportWriter;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.DecodeResult;
import io.kairos.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * {@code ./kairos loadgen --redis-uri ... --report dir} against a real broker and redis-server,
 * with a stand-in for the engine: it turns every purchase into a cross-sell, with a known delay,
 * as the contract says the engine writes it: every other one as an entry on the customer's EMAIL
 * stream shard (push), the others as a WEB message body with {@code landedAt} (pull). The report
 * must have measured every one of them, at about that delay, overall and per channel.
 */
class LoadgenMeasureITCase {
    private static final long ENGINE_DELAY_MS = 200;

    @Test
    void aMeasuredRunMatchesEveryMessageToItsPurchase(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                RedisServer redis = RedisServer.start()) {
            kafka.createTopics(2, List.of(Topics.CUSTOMER_EVENTS));
            kafka.createCompactedTopic(Topics.OFFER_CATALOG, 1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong written = new AtomicLong();
            Thread engine = new Thread(() -> fakeEngine(kafka.bootstrapServers(), redis.uri(), stop, written));
            engine.start();
            Path reportDir = dir.resolve("report");
            int exit;
            try {
                exit = new CommandLine(new LoadgenMain()).execute(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--redis-uri", redis.uri(),
                        "--profile", "ramp", "--rate", "200", "--ramp-to", "600", "--ramp-over", "4s",
                        "--duration", "6s",
                        "--customers", "300",
                        "--settle", "15s",
                        "--job-group-id", "fake-engine",
                        "--report", reportDir.toString());
            } finally {
                stop.set(true);
                engine.join(10_000);
            }
            assertEquals(0, exit);

            Report report = ReportWriter.read(reportDir.resolve(ReportWriter.JSON));
            LatencySection latency = report.latency(Measurement.END_TO_END);
            assertTrue(written.get() > 0, "the run had purchases");
            assertEquals(written.get(), latency.count(), "every message matched its purchase: " + report.summary());
            LatencySection web = report.latency(Measurement.END_TO_END + ", channel WEB");
            LatencySection email = report.latency(Measurement.END_TO_END + ", channel EMAIL");
            assertTrue(web.count() > 0 && email.count() > 0, "pull and push: " + web.count() + ", " + email.count());
            assertEquals(written.get(), web.count() + email.count());
            assertTrue(web.minMs() >= ENGINE_DELAY_MS, "min " + web.minMs());
            assertEquals(written.get(), report.latency(Measurement.END_TO_END + ", trigger CROSS_SELL").count());
            assertTrue(latency.minMs() >= ENGINE_DELAY_MS, "min " + latency.minMs());
            assertTrue(latency.p50Ms() < 5_000, "p50 " + latency.p50Ms());
            Report.TimeSeries series = report.series();
            assertTrue(series.length() >= 6, "length " + series.length());
            assertTrue(series.targetRate().get(4) > series.targetRate().get(0), series.targetRate().toString());
            assertEquals(written.get(), series.landed().stream().mapToLong(Long::longValue).sum());
            assertTrue(series.lag().stream().anyMatch(l -> l >= 0), "lag sampled: " + series.lag());
            assertTrue(Files.size(reportDir.resolve(ReportWriter.HTML)) > 0);
        }
    }

    /** Purchases in, one cross-sell stream entry per purchase out, ENGINE_DELAY_MS after its send. */
    private static void fakeEngine(String bootstrap, String redisUri, AtomicBoolean stop, AtomicLong written) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-engine");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        CustomerEventCodec codec = CustomerEventCodec.create();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                UnifiedJedis jedis = RedisEndpoint.of(redisUri).open()) {
            consumer.subscribe(List.of(Topics.CUSTOMER_EVENTS));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    DecodeResult<SpecificRecord> decoded = codec.decode(record.value());
                    if (!decoded.isOk() || !(decoded.value() instanceof PurchaseEvent p)) {
                        continue;
                    }
                    long sleep = record.timestamp() + ENGINE_DELAY_MS - System.currentTimeMillis();
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                    String customer = p.getCustomerId();
                    String createdAt = String.valueOf(p.getEventTime());
                    if (written.incrementAndGet() % 2 == 0) {
                        jedis.xadd(ContractKeys.stream(customer, Channel.EMAIL), XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY),
                                Map.of("messageId", "m-" + p.getEventId(), "customerId", customer,
                                        "trigger", "CROSS_SELL", "channel", "EMAIL",
                                        "causeEventId", p.getEventId(), "createdAt", createdAt));
                    } else {
                        jedis.hset(ContractKeys.message(customer, "m-" + p.getEventId()),
                                Map.of("trigger", "CROSS_SELL", "channel", "WEB", "causeEventId", p.getEventId(),
                                        "createdAt", createdAt, "sendAt", createdAt,
                                        "landedAt", String.valueOf(System.currentTimeMillis())));
                    }
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
