package io.kairos.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** The write scripts against a real redis-server: idempotence, expiry, bounds, lost scripts. */
class RedisMessageStoreITCase {
    private static final long NOW = 1_900_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private static RedisServer redis;
    private static RedisClient inspect;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        inspect = RedisClient.create(redis.host(), redis.port());
    }

    @AfterAll
    static void stopRedis() {
        if (inspect != null) {
            inspect.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        inspect.flushAll();
    }

    static PersonalizedMessage message(String id, String customer, Channel channel, double score) {
        return PersonalizedMessage.newBuilder()
                .setMessageId(id)
                .setCustomerId(customer)
                .setOfferId("offer-" + id)
                .setTrigger(Trigger.CROSS_SELL)
                .setChannel(channel)
                .setTitle("A case for your phone")
                .setProductId("p-case")
                .setScore(score)
                .setReason("bought p-phone")
                .setCauseEventId("e-" + id)
                .setCreatedAt(NOW - 1000)
                .setExpiresAt(NOW + HOUR)
                .setTemplateVars(Map.of("firstName", "Ada"))
                .build();
    }

    /** PEXPIRETIME needs Redis 7; the shipped server may be 6.2, so go through PTTL. */
    private static void assertExpiresAt(long expected, String key) {
        long expiresAt = System.currentTimeMillis() + inspect.pttl(key);
        assertTrue(
                Math.abs(expected - expiresAt) < 5_000,
                key + " expires at " + expiresAt + ", expected " + expected);
    }

    private RedisMessageStore store(int maxOffers) {
        return new RedisMessageStore(
                RedisSinkConfig.builder(redis.uri()).maxOffersPerCustomer(maxOffers).build());
    }

    @Test
    void writesTheMessageWhereChannelsReadItAndARepeatChangesNothing() {
        PersonalizedMessage email = message("m-1", "c-1", Channel.EMAIL, 0.8);
        try (RedisMessageStore store = store(20)) {
            RedisMessageStore.BatchResult first = store.write(List.of(email), NOW);
            assertEquals(new RedisMessageStore.BatchResult(1, 0, 1, 0, 0), first);

            Map<String, String> body = inspect.hgetAll(RedisKeys.message("c-1", "m-1"));
            assertEquals("offer-m-1", body.get("offerId"));
            assertEquals("CROSS_SELL", body.get("trigger"));
            assertEquals("EMAIL", body.get("channel"));
            assertEquals("p-case", body.get("productId"));
            assertEquals("Ada", body.get("var.firstName"));
            assertEquals(Long.toString(NOW + HOUR), body.get("expiresAt"));
            assertExpiresAt(NOW + HOUR, RedisKeys.message("c-1", "m-1"));
            assertEquals(List.of("m-1"), inspect.zrevrange(RedisKeys.offers("c-1"), 0, -1));
            assertEquals(0.8, inspect.zscore(RedisKeys.offers("c-1"), "m-1"));
            assertEquals(1, inspect.xlen(RedisKeys.stream(Channel.EMAIL)));
            assertEquals("1", inspect.get(RedisKeys.CONTRACT_VERSION_KEY));

            RedisMessageStore.BatchResult again = store.write(List.of(email, email), NOW + 1);
            assertEquals(new RedisMessageStore.BatchResult(0, 2, 0, 2, 0), again);
            assertEquals(1, inspect.xlen(RedisKeys.stream(Channel.EMAIL)));
            assertEquals(1, inspect.zcard(RedisKeys.offers("c-1")));
        }
    }

    @Test
    void pullChannelsGetNoStreamEntry() {
        try (RedisMessageStore store = store(20)) {
            store.write(List.of(message("m-1", "c-1", Channel.WEB, 0.5)), NOW);
        }
        assertEquals(1, inspect.zcard(RedisKeys.offers("c-1")));
        assertEquals(0, inspect.xlen(RedisKeys.stream(Channel.EMAIL)));
        assertTrue(inspect.keys("kairos:stream*").isEmpty());
    }

    @Test
    void anExpiredMessageIsNotWritten() {
        PersonalizedMessage stale = message("m-1", "c-1", Channel.PUSH, 0.5);
        stale.setExpiresAt(NOW);
        try (RedisMessageStore store = store(20)) {
            assertEquals(
                    new RedisMessageStore.BatchResult(0, 0, 0, 0, 1),
                    store.write(List.of(stale), NOW));
        }
        assertTrue(inspect.hgetAll(RedisKeys.message("c-1", "m-1")).isEmpty());
        assertEquals(0, inspect.xlen(RedisKeys.stream(Channel.PUSH)));
    }

    @Test
    void theOfferListKeepsTheBestAndDropsExpiredOffers() {
        PersonalizedMessage shortLived = message("m-old", "c-1", Channel.WEB, 0.9);
        shortLived.setExpiresAt(NOW + 10);
        try (RedisMessageStore store = store(2)) {
            store.write(List.of(shortLived), NOW);
            store.write(
                    List.of(
                            message("m-low", "c-1", Channel.WEB, 0.1),
                            message("m-mid", "c-1", Channel.WEB, 0.5),
                            message("m-top", "c-1", Channel.WEB, 0.7)),
                    NOW + 20);
        }
        assertEquals(List.of("m-top", "m-mid"), inspect.zrevrange(RedisKeys.offers("c-1"), 0, -1));
        assertNull(inspect.zscore(RedisKeys.offerExpiries("c-1"), "m-old"));
        assertNull(inspect.zscore(RedisKeys.offerExpiries("c-1"), "m-low"));
        assertExpiresAt(NOW + HOUR, RedisKeys.offers("c-1"));
    }

    @Test
    void aRestartedRedisThatLostItsScriptsFailsTheBatchUntilPrepared() throws Exception {
        try (RedisMessageStore store = store(20)) {
            store.write(List.of(message("m-1", "c-1", Channel.SMS, 0.5)), NOW);
            redis.restart(); // an empty server: no data, no script cache
            assertThrows(
                    JedisException.class,
                    () -> store.write(List.of(message("m-2", "c-1", Channel.SMS, 0.5)), NOW));
            store.prepare();
            store.write(List.of(message("m-2", "c-1", Channel.SMS, 0.5)), NOW);
        }
        inspect.close(); // its pooled connection died with the old server
        inspect = RedisClient.create(redis.host(), redis.port());
        assertEquals(1, inspect.xlen(RedisKeys.stream(Channel.SMS)));
    }

    @Test
    void theContractReaderSeesWhatAChannelWould() {
        try (RedisMessageStore store = store(20)) {
            store.write(
                    List.of(
                            message("m-1", "c-1", Channel.EMAIL, 0.3),
                            message("m-2", "c-1", Channel.WEB, 0.9),
                            message("m-3", "c-2", Channel.EMAIL, 0.5)),
                    NOW);
        }
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            List<Map<String, String>> offers = reader.currentOffers("c-1");
            assertEquals(List.of("m-2", "m-1"), offers.stream().map(o -> o.get("messageId")).toList(), "best first");
            assertEquals("WEB", offers.get(0).get("channel"));
            assertEquals(
                    List.of("c-1", "c-2"),
                    reader.streamEntries(Channel.EMAIL, 10).stream().map(e -> e.get("customerId")).toList());
            assertEquals(2, reader.streamLength(Channel.EMAIL));
            assertEquals(Map.of("CROSS_SELL/EMAIL", 2L, "CROSS_SELL/WEB", 1L), reader.countMessagesByTriggerAndChannel());
            assertEquals(3, reader.countMessages());
            assertEquals(1, reader.customersWithOffers(1).size());
            assertEquals("1", reader.contractVersion());
        }
    }
}
