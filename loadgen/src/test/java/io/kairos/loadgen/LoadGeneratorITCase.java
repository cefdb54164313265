package io.kairos.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kairos.localstack.EmbeddedKafka;
import io.kairos.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The load generator against a real in-process Kafka broker. */
class LoadGeneratorITCase {

    @Test
    void everyRecordSentLandsInItsTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, Topics.CUSTOMER_EVENT_TOPICS);
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

            try (Admin admin = kafka.admin()) {
                for (Map.Entry<String, Long> topic : summary.sentByTopic().entrySet()) {
                    assertEquals(topic.getValue(), endOffsets(admin, topic.getKey(), 2), topic.getKey());
                }
                assertEquals(offers, endOffsets(admin, Topics.OFFER_CATALOG, 1));
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
