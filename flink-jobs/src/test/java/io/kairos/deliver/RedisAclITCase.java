package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import static io.kairos.deliver.RedisStoreITCase.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.OfferReader;
import io.kairos.channel.RedisAcl;
import io.kairos.channel.RedisEndpoint;
import io.kairos.channel.StreamWorker;
import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.localstack.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Security: the engine connects as an ACL user with the documented rules and a password read
 * from a file; the sink works with exactly those rights and nothing outside {@code kairos:*} or
 * outside its commands is allowed, not even from inside a script. A channel user can read and
 * consume but not write. Passwords never show in what the endpoint prints.
 */
class RedisAclITCase {
    private static final String ENGINE_PASSWORD = "engine-s3cret-pw";
    private static final String CHANNEL_PASSWORD = "channel-s3cret-pw";

    private static RedisServer redis;
    @TempDir static Path secrets;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        try (Jedis admin = new Jedis(redis.host(), redis.port())) {
            admin.aclSetUser("kairos-engine", rules("on >" + ENGINE_PASSWORD + " " + RedisAcl.ENGINE_RULES));
            admin.aclSetUser("kairos-channel", rules("on >" + CHANNEL_PASSWORD + " " + RedisAcl.CHANNEL_RULES));
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String[] rules(String line) {
        return line.trim().split("\\s+");
    }

    private static RedisEndpoint engine() throws Exception {
        Path file = secrets.resolve("redis-password");
        Files.writeString(file, ENGINE_PASSWORD + "\n");
        return RedisEndpoint.builder(redis.uri()).user("kairos-engine").passwordFile(file.toString()).build();
    }

    private static PersonalizedMessage fresh(String id, Channel channel) {
        return fresh(id, "c-acl", channel);
    }

    private static PersonalizedMessage fresh(String id, String customer, Channel channel) {
        PersonalizedMessage m = RedisStoreITCase.message(id, customer, channel, 0.5);
        m.setCreatedAt(System.currentTimeMillis() - 1000);
        m.setExpiresAt(System.currentTimeMillis() + 3_600_000L);
        return m;
    }

    @Test
    void theEnginesUserCanDoWhatTheSinkDoesAndNothingElse() throws Exception {
        long now = System.currentTimeMillis();
        RedisEndpoint endpoint = engine();
        try (RedisStore store = new RedisStore(RedisSinkConfig.builder(endpoint).build())) {
            RedisStore.BatchResult r = store.write(List.of(
                    RedisUpdate.message(fresh("m-1", Channel.EMAIL)),
                    RedisUpdate.message(fresh("m-2", Channel.WEB)),
                    RedisUpdate.profile(profile("c-acl", now, "TOP")),
                    RedisUpdate.movement(new MovementCount("2026-11-22", "LOW", "TOP", 1, now + 60_000))),
                    now);
            assertEquals(2, r.messagesWritten);
            assertEquals(1, r.streamEntriesWritten);
            assertEquals(1, r.profilesWritten);
            assertEquals(1, store.write(List.of(RedisUpdate.withdraw("c-acl", Channel.WEB, now)), now).messagesWithdrawn);
            assertEquals(1, store.write(List.of(RedisUpdate.forget("c-acl", now, now + 60_000)), now).customersForgotten);
        }

        try (UnifiedJedis asEngine = endpoint.open()) {
            assertDenied(() -> asEngine.set("other:key", "x"));
            assertDenied(() -> asEngine.get("other:key"));
            assertDenied(asEngine::flushAll);
            assertDenied(() -> asEngine.keys("kairos:*"));
            assertDenied(() -> asEngine.eval("return 1"));
            // A script may not reach past the key patterns either.
            String sha = asEngine.scriptLoad("return redis.call('SET', KEYS[1], '1')");
            assertDenied(() -> asEngine.evalsha(sha, List.of("other:key"), List.of()));
            assertEquals(1L, asEngine.evalsha(asEngine.scriptLoad("return 1"), List.of("kairos:x"), List.of()));
        }
    }

    @Test
    void aChannelsUserCanReadAndConsumeButNotWrite() throws Exception {
        try (RedisStore store = new RedisStore(RedisSinkConfig.builder(engine()).build())) {
            store.write(List.of(RedisUpdate.message(fresh("m-3", "c-reader", Channel.SMS)),
                    RedisUpdate.profile(profile("c-acl2", System.currentTimeMillis(), "LOW"))),
                    System.currentTimeMillis());
        }
        RedisEndpoint channel = RedisEndpoint.builder(redis.uri()).user("kairos-channel").password(CHANNEL_PASSWORD).build();
        try (UnifiedJedis asChannel = channel.open()) {
            assertEquals(List.of("m-3"), new OfferReader(asChannel).topOffers("c-reader", 5).stream().map(o -> o.messageId()).toList());
            assertEquals("LOW", new OfferReader(asChannel).profile("c-acl2").get("segment"));
            StreamWorker worker = new StreamWorker(asChannel, Channel.SMS, "sms-senders", "w-1");
            worker.createGroup(true);
            var got = worker.poll(10);
            assertEquals(1, got.size());
            assertEquals(1, worker.ack(got));

            assertDenied(() -> asChannel.hset(ContractKeys.message("c-reader", "m-3"), "title", "changed"));
            assertDenied(() -> asChannel.del(ContractKeys.offers("c-reader")));
            assertDenied(() -> asChannel.xadd(ContractKeys.stream("c-reader", Channel.SMS),
                    StreamEntryID.NEW_ENTRY, java.util.Map.of("a", "b")));
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingAnyPassword() {
        RedisEndpoint wrong = RedisEndpoint.builder("redis://kairos-engine:not-the-pw@" + redis.host() + ":" + redis.port()).build();
        assertFalse(wrong.toString().contains("not-the-pw"), wrong.toString());
        assertEquals("redis://kairos-engine:***@" + redis.host() + ":" + redis.port(), wrong.maskedUri());
        JedisException e = assertThrows(JedisException.class, () -> {
            try (UnifiedJedis client = wrong.open()) {
                client.ping();
            }
        });
        assertFalse(String.valueOf(e.getMessage()).contains("not-the-pw"), e.getMessage());
        RedisEndpoint withPassword = RedisEndpoint.builder(redis.uri()).password(ENGINE_PASSWORD).build();
        assertFalse(withPassword.toString().contains(ENGINE_PASSWORD), withPassword.toString());
    }

    @Test
    void theDocumentedAclLinesAreTheTestedOnes() throws Exception {
        String contract = Files.readString(Path.of("..", "docs", "REDIS-CONTRACT.md"));
        assertTrue(contract.contains(RedisAcl.ENGINE_RULES), "docs/REDIS-CONTRACT.md has the engine's ACL rules");
        assertTrue(contract.contains(RedisAcl.CHANNEL_RULES), "docs/REDIS-CONTRACT.md has the channel's ACL rules");
    }

    private static void assertDenied(Runnable call) {
        JedisException e = assertThrows(JedisException.class, call::run);
        assertTrue(String.valueOf(e.getMessage()).startsWith("NOPERM"), e.getMessage());
    }
}
