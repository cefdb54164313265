package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ProfileSnapshot;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisServer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The write scripts against a real redis-server: idempotence, expiry, bounds, lost scripts,
 * profiles that never go back in time, forgetting a customer, the movement matrix.
 */
class RedisStoreITCase {
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

    static List<RedisUpdate> updates(PersonalizedMessage... messages) {
        return Arrays.stream(messages).map(RedisUpdate::message).toList();
    }

    /** Messages written, duplicates, stream entries written, stream duplicates, expired. */
    static List<Integer> messageCounts(RedisStore.BatchResult r) {
        return List.of(r.messagesWritten, r.duplicatesSkipped, r.streamEntriesWritten,
                r.streamDuplicatesSkipped, r.expiredSkipped);
    }

    /** PEXPIRETIME needs Redis 7; the shipped server may be 6.2, so go through PTTL. */
    private static void assertExpiresAt(long expected, String key) {
        long expiresAt = System.currentTimeMillis() + inspect.pttl(key);
        assertTrue(
                Math.abs(expected - expiresAt) < 5_000,
                key + " expires at " + expiresAt + ", expected " + expected);
    }

    /** The keys of one customer (contract v3: {@code kairos:<kind>:{sNN}:<cid>[:<id>]}). */
    static java.util.Set<String> customerKeys(String customer) {
        java.util.Set<String> keys = new java.util.TreeSet<>(inspect.keys("kairos:*:" + customer));
        keys.addAll(inspect.keys("kairos:*:" + customer + ":*"));
        return keys;
    }

    private RedisStore store(int maxOffers) {
        return new RedisStore(
                RedisSinkConfig.builder(redis.uri()).maxOffersPerCustomer(maxOffers).build());
    }

    @Test
    void writesTheMessageWhereChannelsReadItAndARepeatChangesNothing() {
        PersonalizedMessage email = message("m-1", "c-1", Channel.EMAIL, 0.8);
        try (RedisStore store = store(20)) {
            long before = System.currentTimeMillis();
            RedisStore.BatchResult first = store.write(updates(email), NOW);
            long after = System.currentTimeMillis();
            assertEquals(List.of(1, 0, 1, 0, 0), messageCounts(first));

            Map<String, String> body = inspect.hgetAll(ContractKeys.message("c-1", "m-1"));
            // Redis's own clock when the script ran (same host: within the call's duration).
            long landedAt = Long.parseLong(body.get("landedAt"));
            assertTrue(landedAt >= before - 1 && landedAt <= after + 1, before + " <= " + landedAt + " <= " + after);
            var entry = inspect.xrange(ContractKeys.stream("c-1", Channel.EMAIL), "-", "+").get(0);
            assertEquals(body.get("landedAt"), entry.getFields().get("landedAt"));
            assertEquals(entry.getID().getTime(), landedAt, 1, "the stream entry id is stamped in the same script");
            assertEquals("offer-m-1", body.get("offerId"));
            assertEquals("CROSS_SELL", body.get("trigger"));
            assertEquals("EMAIL", body.get("channel"));
            assertEquals("p-case", body.get("productId"));
            assertEquals("Ada", body.get("var.firstName"));
            assertEquals(Long.toString(NOW + HOUR), body.get("expiresAt"));
            assertExpiresAt(NOW + HOUR, ContractKeys.message("c-1", "m-1"));
            assertEquals(List.of("m-1"), inspect.zrevrange(ContractKeys.offers("c-1"), 0, -1));
            assertEquals(0.8, inspect.zscore(ContractKeys.offers("c-1"), "m-1"));
            assertEquals(1, inspect.xlen(ContractKeys.stream("c-1", Channel.EMAIL)));
            assertEquals("3", inspect.get(ContractKeys.CONTRACT_VERSION_KEY));

            RedisStore.BatchResult again = store.write(updates(email, email), NOW + 1);
            assertEquals(List.of(0, 2, 0, 2, 0), messageCounts(again));
            assertEquals(1, inspect.xlen(ContractKeys.stream("c-1", Channel.EMAIL)));
            assertEquals(1, inspect.zcard(ContractKeys.offers("c-1")));
        }
    }

    @Test
    void pullChannelsGetNoStreamEntry() {
        try (RedisStore store = store(20)) {
            store.write(updates(message("m-1", "c-1", Channel.WEB, 0.5)), NOW);
        }
        assertEquals(1, inspect.zcard(ContractKeys.offers("c-1")));
        assertEquals(0, inspect.xlen(ContractKeys.stream("c-1", Channel.EMAIL)));
        assertTrue(inspect.keys("kairos:stream*").isEmpty());
    }

    @Test
    void anExpiredMessageIsNotWritten() {
        PersonalizedMessage stale = message("m-1", "c-1", Channel.PUSH, 0.5);
        stale.setExpiresAt(NOW);
        try (RedisStore store = store(20)) {
            assertEquals(List.of(0, 0, 0, 0, 1), messageCounts(store.write(updates(stale), NOW)));
        }
        assertTrue(inspect.hgetAll(ContractKeys.message("c-1", "m-1")).isEmpty());
        assertEquals(0, inspect.xlen(ContractKeys.stream("c-1", Channel.PUSH)));
    }

    @Test
    void theOfferListKeepsTheBestAndDropsExpiredOffers() {
        PersonalizedMessage shortLived = message("m-old", "c-1", Channel.WEB, 0.9);
        shortLived.setExpiresAt(NOW + 10);
        try (RedisStore store = store(2)) {
            store.write(updates(shortLived), NOW);
            store.write(
                    updates(
                            message("m-low", "c-1", Channel.WEB, 0.1),
                            message("m-mid", "c-1", Channel.WEB, 0.5),
                            message("m-top", "c-1", Channel.WEB, 0.7)),
                    NOW + 20);
        }
        assertEquals(List.of("m-top", "m-mid"), inspect.zrevrange(ContractKeys.offers("c-1"), 0, -1));
        assertNull(inspect.zscore(ContractKeys.offerExpiries("c-1"), "m-old"));
        assertNull(inspect.zscore(ContractKeys.offerExpiries("c-1"), "m-low"));
        assertFalse(inspect.exists(ContractKeys.message("c-1", "m-low")), "a dropped offer's body goes too");
        assertExpiresAt(NOW + HOUR, ContractKeys.offers("c-1"));
    }

    @Test
    void aPushMessageThatGivesWayInTheOfferListKeepsItsBodyForItsStreamEntry() {
        try (RedisStore store = store(1)) {
            store.write(updates(message("m-push", "c-1", Channel.PUSH, 0.1)), NOW);
            store.write(updates(message("m-web", "c-1", Channel.WEB, 0.2)), NOW);
            store.write(updates(message("m-top", "c-1", Channel.APP, 0.9)), NOW);
        }
        assertEquals(List.of("m-top"), inspect.zrevrange(ContractKeys.offers("c-1"), 0, -1));
        assertTrue(inspect.exists(ContractKeys.message("c-1", "m-push")), "a push worker still finds the body");
        assertFalse(inspect.exists(ContractKeys.message("c-1", "m-web")), "a pull offer that gave way is gone");
        // Still indexed, so a forget or a withdrawal finds it.
        assertEquals(java.util.Set.of("m-top", "m-push"),
                new java.util.HashSet<>(inspect.zrange(ContractKeys.offerExpiries("c-1"), 0, -1)));
    }

    @Test
    void aWithdrawalTakesOutTheChannelsMessagesSentUpToItOnceAndForAll() {
        long at = NOW;
        PersonalizedMessage early = message("m-early", "c-1", Channel.EMAIL, 0.5);
        early.setSendAt(NOW - 500);
        PersonalizedMessage held = message("m-held", "c-1", Channel.EMAIL, 0.6);
        held.setSendAt(at + 60_000); // released after the revocation (consent given again)
        try (RedisStore store = store(20)) {
            store.write(updates(early, held,
                    message("m-web", "c-1", Channel.WEB, 0.9),
                    message("m-sms", "c-1", Channel.SMS, 0.4),
                    message("m-other", "c-2", Channel.EMAIL, 0.4)), NOW);

            RedisStore.BatchResult withdrawn = store.write(List.of(RedisUpdate.withdraw("c-1", Channel.EMAIL, at)), NOW);
            assertEquals(1, withdrawn.messagesWithdrawn);
            assertEquals(1, withdrawn.withdrawals);
            assertFalse(inspect.exists(ContractKeys.message("c-1", "m-early")));
            assertEquals(java.util.Set.of("m-held", "m-web", "m-sms"),
                    new java.util.HashSet<>(inspect.zrange(ContractKeys.offers("c-1"), 0, -1)));
            assertEquals(java.util.Set.of("m-held", "m-web", "m-sms"),
                    new java.util.HashSet<>(inspect.zrange(ContractKeys.offerExpiries("c-1"), 0, -1)));
            assertTrue(inspect.exists(ContractKeys.message("c-2", "m-other")), "other customers keep theirs");

            // Retried or replayed: nothing more goes, and the withdrawn message does not come back.
            RedisStore.BatchResult replay = store.write(List.of(RedisUpdate.message(early),
                    RedisUpdate.withdraw("c-1", Channel.EMAIL, at)), NOW);
            assertEquals(0, replay.messagesWithdrawn);
            assertEquals(1, replay.duplicatesSkipped);
            assertFalse(inspect.exists(ContractKeys.message("c-1", "m-early")));
            // The stream entry stays (a channel may have sent it); its body is what tells a worker.
            assertEquals(2, inspect.xlen(ContractKeys.stream("c-1", Channel.EMAIL)));

            // A customer without messages, or forgotten: nothing to do.
            assertEquals(0, store.write(List.of(RedisUpdate.withdraw("c-nobody", Channel.SMS, at)), NOW).messagesWithdrawn);
        }
    }

    @Test
    void aRestartedRedisThatLostItsScriptsFailsTheBatchUntilPrepared() throws Exception {
        try (RedisStore store = store(20)) {
            store.write(updates(message("m-1", "c-1", Channel.SMS, 0.5)), NOW);
            redis.restart(); // an empty server: no data, no script cache
            assertThrows(
                    JedisException.class,
                    () -> store.write(updates(message("m-2", "c-1", Channel.SMS, 0.5)), NOW));
            store.prepare();
            store.write(updates(message("m-2", "c-1", Channel.SMS, 0.5)), NOW);
        }
        inspect.close(); // its pooled connection died with the old server
        inspect = RedisClient.create(redis.host(), redis.port());
        assertEquals(1, inspect.xlen(ContractKeys.stream("c-1", Channel.SMS)));
    }

    @Test
    void theContractReaderSeesWhatAChannelWould() {
        try (RedisStore store = store(20)) {
            store.write(
                    updates(
                            message("m-1", "c-1", Channel.EMAIL, 0.3),
                            message("m-2", "c-1", Channel.WEB, 0.9),
                            message("m-3", "c-2", Channel.EMAIL, 0.5)),
                    NOW);
        }
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            List<Map<String, String>> offers = reader.currentOffers("c-1");
            assertEquals(List.of("m-2", "m-1"), offers.stream().map(o -> o.get("messageId")).toList(), "best first");
            assertEquals("WEB", offers.get(0).get("channel"));
            // No order across stream shards: entries added in the same millisecond tie.
            assertEquals(
                    List.of("c-1", "c-2"),
                    reader.streamEntries(Channel.EMAIL, 10).stream().map(e -> e.get("customerId")).sorted().toList());
            assertEquals(2, reader.streamLength(Channel.EMAIL));
            assertEquals(Map.of("CROSS_SELL/EMAIL", 2L, "CROSS_SELL/WEB", 1L), reader.countMessagesByTriggerAndChannel());
            assertEquals(3, reader.countMessages());
            assertEquals(1, reader.customersWithOffers(1).size());
            assertEquals("3", reader.contractVersion());
        }
    }

    static ProfileSnapshot profile(String customer, long updatedAt, String segment) {
        return ProfileSnapshot.newBuilder()
                .setCustomerId(customer)
                .setUpdatedAt(updatedAt)
                .setSegment(segment)
                .setLifecycle("LOYAL")
                .setChurnRisk(0.25)
                .setAtRisk(false)
                .setChurnReasons(List.of("silence: 9 days, \"weekly\" rhythm"))
                .setLastSeen(updatedAt)
                .setLastPurchaseAt(updatedAt - 1000)
                .setPurchaseCount(7)
                .setTotalValue(420.5)
                .setTopCategories(List.of("cameras", "lenses"))
                .setExpiresAt(NOW + HOUR)
                .build();
    }

    @Test
    void aReplayedHistoryKeepsItsKeysForWhatIsLeftOfTheirLifetimeAtTheJobsEventTime() {
        long history = 1_275_350_400_000L; // 2010-06-01: long expired by the wall clock
        long day = 24 * HOUR;
        long wall = System.currentTimeMillis();
        PersonalizedMessage live = PersonalizedMessage.newBuilder(message("m-old", "c-1", Channel.WEB, 0.5))
                .setCreatedAt(history - HOUR).setExpiresAt(history + 2 * day).build();
        PersonalizedMessage gone = PersonalizedMessage.newBuilder(message("m-gone", "c-1", Channel.SMS, 0.5))
                .setCreatedAt(history - 4 * day).setExpiresAt(history - day).build();
        ProfileSnapshot seen = ProfileSnapshot.newBuilder(profile("c-1", history - 10 * day, "HIGH"))
                .setExpiresAt(history + 80 * day).build();
        ProfileSnapshot silent = ProfileSnapshot.newBuilder(profile("c-2", history - 100 * day, "LOW"))
                .setExpiresAt(history - 10 * day).build();
        try (RedisStore store = store(20)) {
            RedisStore.BatchResult result = store.write(List.of(RedisUpdate.message(live), RedisUpdate.message(gone),
                    RedisUpdate.profile(seen), RedisUpdate.profile(silent)), new EventTimeExpiry(wall, history));
            assertEquals(1, result.messagesWritten);
            assertEquals(1, result.expiredSkipped);
            assertEquals(1, result.profilesWritten);
            assertEquals(1, result.expiredProfilesSkipped);
        }
        assertExpiresAt(wall + 2 * day, ContractKeys.message("c-1", "m-old"));
        assertExpiresAt(wall + 2 * day, ContractKeys.offers("c-1"));
        assertExpiresAt(wall + 80 * day, ContractKeys.profile("c-1"));
        // The hashes keep the event-time expiry that the job decided.
        assertEquals(Long.toString(history + 2 * day), inspect.hget(ContractKeys.message("c-1", "m-old"), "expiresAt"));
        assertEquals(Long.toString(history + 80 * day), inspect.hget(ContractKeys.profile("c-1"), "expiresAt"));
        assertTrue(inspect.hgetAll(ContractKeys.profile("c-2")).isEmpty());
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            assertEquals(1, reader.currentOffers("c-1").size());
        }
    }

    @Test
    void aProfileReplacesAnOlderOneButNeverANewerOne() {
        try (RedisStore store = store(20)) {
            RedisStore.BatchResult first = store.write(
                    List.of(RedisUpdate.profile(profile("c-1", NOW, "HIGH"))), NOW);
            assertEquals(1, first.profilesWritten);
            Map<String, String> stored = inspect.hgetAll(ContractKeys.profile("c-1"));
            assertEquals("HIGH", stored.get("segment"));
            assertEquals("LOYAL", stored.get("lifecycle"));
            assertEquals("0.25", stored.get("churnRisk"));
            assertEquals("false", stored.get("atRisk"));
            assertEquals("[\"silence: 9 days, \\\"weekly\\\" rhythm\"]", stored.get("churnReasons"));
            assertEquals("[\"cameras\",\"lenses\"]", stored.get("topCategories"));
            assertEquals("7", stored.get("purchaseCount"));
            assertEquals(Long.toString(NOW), stored.get("updatedAt"));
            assertExpiresAt(NOW + HOUR, ContractKeys.profile("c-1"));

            // A replay of an older view (say, after a restore) does not turn the clock back.
            RedisStore.BatchResult replay = store.write(List.of(RedisUpdate.profile(profile("c-1", NOW - 60_000, "LOW"))), NOW);
            assertEquals(1, replay.staleProfilesSkipped);
            assertEquals(0, replay.profilesWritten);
            assertEquals(1, store.write(List.of(RedisUpdate.profile(profile("c-1", NOW + 60_000, "TOP"))), NOW).profilesWritten);
        }
        assertEquals("TOP", inspect.hget(ContractKeys.profile("c-1"), "segment"));
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            assertEquals("TOP", reader.profile("c-1").get("segment"));
            assertEquals(1, reader.countProfiles());
            assertTrue(reader.profile("c-nobody").isEmpty());
        }
    }

    @Test
    void aProfileALaterOneOfTheBatchReplacesIsNotSentAndRedisEndsTheBatchTheSame() {
        try (RedisStore store = store(20)) {
            RedisStore.BatchResult result = store.write(
                    List.of(RedisUpdate.profile(profile("c-1", NOW, "LOW")),
                            RedisUpdate.profile(profile("c-1", NOW + 1, "TOP")),
                            RedisUpdate.profile(profile("c-1", NOW - 5, "OLD")), // late: the script refuses it
                            RedisUpdate.profile(profile("c-2", NOW, "HIGH")),
                            RedisUpdate.forget("c-2", NOW, NOW + HOUR),
                            RedisUpdate.profile(profile("c-2", NOW + 1, "TOP"))), // forgotten: refused
                    NOW);
            assertEquals(2, result.profilesSuperseded); // c-1 LOW, c-2 HIGH
            assertEquals(1, result.profilesWritten);
            assertEquals(1, result.staleProfilesSkipped);
            assertEquals(1, result.writesRefusedForgotten);
        }
        assertEquals("TOP", inspect.hget(ContractKeys.profile("c-1"), "segment"));
        assertEquals(Long.toString(NOW + 1), inspect.hget(ContractKeys.profile("c-1"), "updatedAt"));
        assertTrue(inspect.hgetAll(ContractKeys.profile("c-2")).isEmpty());
    }

    @Test
    void forgettingACustomerDropsAllTheirKeysAndRefusesLaterWrites() {
        PersonalizedMessage kept = message("m-other", "c-2", Channel.EMAIL, 0.5);
        try (RedisStore store = store(2)) {
            store.write(
                    List.of(RedisUpdate.profile(profile("c-1", NOW, "HIGH")),
                            RedisUpdate.message(message("m-1", "c-1", Channel.WEB, 0.9)),
                            RedisUpdate.message(message("m-2", "c-1", Channel.EMAIL, 0.5)),
                            RedisUpdate.message(kept)),
                    NOW);
            assertFalse(customerKeys("c-1").isEmpty());

            RedisStore.BatchResult forget =
                    store.write(List.of(RedisUpdate.forget("c-1", NOW, NOW + HOUR)), NOW);
            assertEquals(1, forget.customersForgotten);
            assertEquals(java.util.Set.of(ContractKeys.forgotten("c-1")), customerKeys("c-1"));
            assertExpiresAt(NOW + HOUR, ContractKeys.forgotten("c-1"));

            // What was still in flight (or is replayed) does not bring anything back.
            RedisStore.BatchResult late = store.write(
                    List.of(RedisUpdate.profile(profile("c-1", NOW + 1, "TOP")),
                            RedisUpdate.message(message("m-3", "c-1", Channel.PUSH, 0.7))),
                    NOW);
            assertEquals(2, late.writesRefusedForgotten);
            assertEquals(1, late.pushEntriesRefusedForgotten);
            assertEquals(0, late.profilesWritten + late.messagesWritten + late.streamEntriesWritten);
            assertEquals(java.util.Set.of(ContractKeys.forgotten("c-1")), customerKeys("c-1"));
            assertEquals(0, inspect.xlen(ContractKeys.stream("c-1", Channel.PUSH)));

            // A forget and a message in the same batch: the forget wins, in any order.
            store.write(List.of(RedisUpdate.message(message("m-4", "c-3", Channel.SMS, 0.7)),
                    RedisUpdate.forget("c-3", NOW, NOW + HOUR)), NOW);
            assertEquals(java.util.Set.of(ContractKeys.forgotten("c-3")), customerKeys("c-3"));
            assertEquals(0, inspect.xlen(ContractKeys.stream("c-3", Channel.SMS)));
        }
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            assertTrue(reader.isForgotten("c-1"));
            assertFalse(reader.isForgotten("c-2"));
            assertEquals(1, reader.currentOffers("c-2").size(), "other customers keep theirs");
        }
    }

    @Test
    void theMovementMatrixOnlyCountsUpwards() {
        try (RedisStore store = store(20)) {
            RedisStore.BatchResult first = store.write(
                    List.of(RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "HIGH", 3, NOW + HOUR)),
                            RedisUpdate.movement(new MovementCount("2026-11-22", "TOP", "HIGH", 1, NOW + HOUR)),
                            RedisUpdate.movement(new MovementCount("2026-11-23", "LOW", "HIGH", 2, NOW + HOUR))),
                    NOW);
            assertEquals(3, first.movementCountsWritten);
            // A replay sends counts it sent before (or smaller ones from an earlier checkpoint).
            RedisStore.BatchResult replay = store.write(
                    List.of(RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "HIGH", 2, NOW + HOUR)),
                            RedisUpdate.movement(new MovementCount("2026-11-22", "TOP", "HIGH", 1, NOW + HOUR)),
                            RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "MIDDLE", 1, NOW + HOUR))),
                    NOW);
            assertEquals(1, replay.movementCountsWritten);
        }
        try (RedisContractReader reader = new RedisContractReader(redis.uri())) {
            assertEquals(Map.of("LOW>HIGH", 3L, "TOP>HIGH", 1L, "LOW>MIDDLE", 1L), reader.movementMatrix("2026-11-22"));
            assertEquals(Map.of("LOW>HIGH", 2L), reader.movementMatrix("2026-11-23"));
        }
        assertExpiresAt(NOW + HOUR, ContractKeys.movements("2026-11-22"));
    }
}
