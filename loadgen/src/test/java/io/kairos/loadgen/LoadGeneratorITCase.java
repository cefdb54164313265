package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.loadgen.measure.Measurement;
import io.kairos.loadgen.measure.RateProfile;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The load generator against a real in-process Kafka broker. */
class LoadGeneratorITCase {

    @Test
    void everyRecordSentLandsInTheCustomerEventTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, List.of(Topics.CUSTOMER_EVENTS));
            kafka.createCompactedTopic(Topics.OFFER_CATALOG, 1);
            ProductCatalog products = new ProductCatalog(42);
            EventGenerator generator =
                    new EventGenerator(new Population(500, 42), products, 42, Clock.systemUTC(), 0.01, 50);
            LoadGenerator.Summary summary;
            int offers;
            try (LoadGenerator load = new LoadGenerator(kafka.bootstrapServers())) {
                offers = load.publishCatalog(products.bootstrapOffers(System.currentTimeMillis()));
                summary = load.run(generator, 5_000, Duration.ofMinutes(1), 1_500);
            }
            assertEquals(1_500, summary.sent());
            assertEquals(1_500, summary.acknowledged());
            assertEquals(0, summary.failed());
            assertNull(summary.lastError());

            assertEquals(Topics.CUSTOMER_EVENTS, summary.topic());
            assertEquals(1_500, summary.sentByKind().values().stream().mapToLong(Long::longValue).sum(),
                    summary.sentByKind().toString());
            assertTrue(summary.sentByKind().keySet().containsAll(List.of("click", "purchase", "customer-update")),
                    summary.sentByKind().toString());
            try (Admin admin = kafka.admin()) {
                assertEquals(1_500, endOffsets(admin, Topics.CUSTOMER_EVENTS, 2));
                assertEquals(offers, endOffsets(admin, Topics.OFFER_CATALOG, 1));
            }
        }
    }

    @Test
    void aStepProfileChangesTheRateWhenItSays() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, List.of(Topics.CUSTOMER_EVENTS));
            EventGenerator generator =
                    new EventGenerator(new Population(500, 42), new ProductCatalog(42), 42, Clock.systemUTC(), 0, 50);
            try (LoadGenerator load = new LoadGenerator(kafka.bootstrapServers());
                    Measurement measurement = new Measurement(System.currentTimeMillis(), 10_000)) {
                load.onSend(measurement.sendListener());
                LoadGenerator.Summary summary =
                        load.run(generator, RateProfile.step(200, 1_000, Duration.ofSeconds(2)), Duration.ofSeconds(5), 0);
                assertEquals(0, summary.failed());
                assertEquals(0, load.targetRate(), "0 once the run is over");
                long[] perSecond = measurement.produced().counts(4);
                String seen = java.util.Arrays.toString(perSecond);
                // seconds since the measurement began, a little before the run (the first send
                // waits for the topic's metadata); the step falls within second 2
                assertTrue(perSecond[0] >= 150 && perSecond[0] <= 260, seen);
                assertTrue(perSecond[3] >= 850 && perSecond[3] <= 1_100, seen);
                assertTrue(summary.sent() >= 3_000 && summary.sent() <= 3_700, summary.toString());
                assertEquals(summary.sent(), measurement.produced().total());
                // Any event may cause a message (a purchase a cross-sell, a view browse intent):
                // every one's produce time is kept for the latency probes.
                assertEquals(summary.sent(), measurement.produceTimes().remembered(), "every event's produce time is kept");
            }
        }
    }

    private static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

}
