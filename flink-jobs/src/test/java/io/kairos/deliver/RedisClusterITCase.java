package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import static io.kairos.deliver.RedisStoreITCase.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.Delivery;
import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.channel.RedisEndpoint;
import io.kairos.channel.StreamWorker;
import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisCluster;
import io.kairos.localstack.RedisServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The same key design and scripts on a real Redis Cluster of three primaries (redis-server
 * processes started here): every write script touches one slot, the customers and stream shards
 * spread over all nodes, replays are no-ops, and channels read through the cluster client.
 */
class RedisClusterITCase {
    private static final int CUSTOMERS = 300;
    /** Customers 4, 14, ..., 294 revoke email consent (none of those whose offers are read). */
    private static final int WITHDRAWN = 30;

    private static RedisCluster cluster;
    private static RedisEndpoint endpoint;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start(3);
        endpoint = RedisEndpoint.builder(cluster.seedUri()).cluster(true).build();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static PersonalizedMessage message(int i, Channel channel) {
        long now = System.currentTimeMillis();
        return PersonalizedMessage.newBuilder()
                .setMessageId("m-" + i + "-" + channel)
                .setCustomerId("c-" + i)
                .setOfferId("offer-" + (i % 9))
                .setTrigger(Trigger.CROSS_SELL)
                .setChannel(channel)
                .setTitle("Goes with what you bought")
                .setScore(channel == Channel.WEB ? 0.9 : 0.4)
                .setReason("test")
                .setCauseEventId("e-" + i)
                .setCreatedAt(now)
                .setExpiresAt(now + 3_600_000L)
                .setTemplateVars(Map.of())
                .build();
    }

    @Test
    void theSinkWritesOnceAndChannelsReadOnAThreeMasterCluster() {
        List<RedisUpdate> batch = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < CUSTOMERS; i++) {
            batch.add(RedisUpdate.message(message(i, Channel.WEB)));
            batch.add(RedisUpdate.message(message(i, Channel.EMAIL)));
            batch.add(RedisUpdate.profile(profile("c-" + i, now, "MIDDLE")));
        }
        batch.add(RedisUpdate.forget("c-0", now, now + 3_600_000L));
        batch.add(RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "HIGH", 3, now + 3_600_000L)));

        RedisSinkConfig config = RedisSinkConfig.builder(endpoint).build();
        try (RedisStore store = new RedisStore(config)) {
            RedisStore.BatchResult first = store.write(batch, now);
            assertEquals(2 * (CUSTOMERS - 1), first.messagesWritten, first.toString());
            assertEquals(CUSTOMERS - 1, first.streamEntriesWritten);
            assertEquals(CUSTOMERS, first.profilesWritten, "c-0's too; the forget after it deletes it");
            assertEquals(1, first.customersForgotten);
            assertEquals(1, first.movementCountsWritten);

            RedisStore.BatchResult replay = store.write(batch, now);
            assertEquals(0, replay.messagesWritten + replay.streamEntriesWritten, replay.toString());
            assertEquals(2 * (CUSTOMERS - 1), replay.duplicatesSkipped);

            // Every tenth customer revokes email consent: one script on their slot each.
            List<RedisUpdate> revocations = new ArrayList<>();
            long revokedAt = System.currentTimeMillis();
            for (int i = 4; i < CUSTOMERS; i += 10) {
                revocations.add(RedisUpdate.withdraw("c-" + i, Channel.EMAIL, revokedAt));
            }
            assertEquals(WITHDRAWN, store.write(revocations, now).messagesWithdrawn);
            assertEquals(0, store.write(revocations, now).messagesWithdrawn, "a repeat withdraws nothing");
        }

        // The keys spread over all three primaries.
        for (RedisServer node : cluster.servers()) {
            try (Jedis jedis = new Jedis(node.host(), node.port())) {
                assertTrue(jedis.dbSize() > 100, node.uri() + " holds a share of the keys");
            }
        }

        try (UnifiedJedis client = endpoint.open()) {
            assertEquals("3", client.get(ContractKeys.CONTRACT_VERSION_KEY));
            OfferReader reader = new OfferReader(client);
            for (int i = 1; i < CUSTOMERS; i += 37) {
                List<Offer> offers = reader.topOffers("c-" + i, 5);
                assertEquals(List.of("m-" + i + "-WEB", "m-" + i + "-EMAIL"),
                        offers.stream().map(Offer::messageId).toList());
                assertEquals("MIDDLE", reader.screenPop("c-" + i, 1).profile().get("segment"));
            }
            assertTrue(reader.screenPop("c-0", 5).offers().isEmpty(), "forgotten");

            StreamWorker worker = new StreamWorker(client, Channel.EMAIL, "senders", "w-1");
            worker.createGroup(true);
            Set<String> delivered = new HashSet<>();
            for (List<Delivery> got = worker.poll(50); !got.isEmpty(); got = worker.poll(50)) {
                for (Delivery d : got) {
                    assertTrue(delivered.add(d.messageId()), "once: " + d.messageId());
                }
                worker.ack(got);
            }
            assertEquals(CUSTOMERS - 1 - WITHDRAWN, delivered.size());
            assertEquals(WITHDRAWN, worker.skipped(), "withdrawn entries are acknowledged and skipped");
            assertEquals(0, worker.pending());
            assertEquals(List.of("m-4-WEB"), reader.topOffers("c-4", 5).stream().map(Offer::messageId).toList());
        }
    }

    @Test
    void aPrimaryKilledAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        int count = 3000;
        try (RedisCluster persistent = RedisCluster.start(3, true)) {
            RedisEndpoint seed = RedisEndpoint.builder(persistent.seedUri()).cluster(true)
                    .timeout(java.time.Duration.ofMillis(500)).build();
            RedisSinkConfig config = RedisSinkConfig.builder(seed)
                    .batchSize(50)
                    .initialBackoff(java.time.Duration.ofMillis(50))
                    .maxBackoff(java.time.Duration.ofMillis(500))
                    .retryTimeout(java.time.Duration.ofSeconds(60))
                    .build();
            RedisServer victim = persistent.servers().get(1);
            java.util.concurrent.CompletableFuture<Void> outage = null;
            try (RedisUpdateWriter writer = new RedisUpdateWriter(config, new RedisStore(config),
                    new NoTimers(), org.apache.flink.metrics.groups.UnregisteredMetricsGroup.createSinkWriterMetricGroup())) {
                for (int i = 0; i < count; i++) {
                    if (i == count / 3) {
                        victim.kill(); // SIGKILL one primary while the writer writes
                        outage = java.util.concurrent.CompletableFuture.runAsync(() -> {
                            try {
                                Thread.sleep(1500);
                                victim.startAgain();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }
                    // Blocks (retrying) while a batch cannot be written: backpressure.
                    writer.write(RedisUpdate.message(message(i, i % 2 == 0 ? Channel.EMAIL : Channel.APP)), null);
                }
                writer.flush(true);
            }
            outage.get();
            persistent.awaitHealthy(java.time.Duration.ofSeconds(30));

            try (UnifiedJedis client = seed.open()) {
                Set<String> streamed = new HashSet<>();
                for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
                    for (var e : client.xrange(ContractKeys.stream(shard, Channel.EMAIL), "-", "+")) {
                        assertTrue(streamed.add(e.getFields().get("messageId")), "once: " + e.getFields());
                    }
                }
                assertEquals(count / 2, streamed.size(), "every push message on its stream once");
                for (int i = 0; i < count; i++) {
                    Channel channel = i % 2 == 0 ? Channel.EMAIL : Channel.APP;
                    String id = "m-" + i + "-" + channel;
                    assertTrue(client.exists(ContractKeys.sent("c-" + i, id)), id);
                    assertEquals(1, client.zcard(ContractKeys.offers("c-" + i)), id);
                }
            }
        }
    }

    /** The writer's flush timer is not needed here: full batches and the final flush write. */
    private static final class NoTimers implements org.apache.flink.api.common.operators.ProcessingTimeService {
        @Override
        public long getCurrentProcessingTime() {
            return System.currentTimeMillis();
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
            return new IdleTimer();
        }
    }

    private static final class IdleTimer extends java.util.concurrent.CompletableFuture<Object>
            implements java.util.concurrent.ScheduledFuture<Object> {
        @Override
        public long getDelay(java.util.concurrent.TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed other) {
            return 0;
        }
    }
}
