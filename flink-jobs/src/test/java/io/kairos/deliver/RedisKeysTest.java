package io.kairos.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisKeysTest {

    @Test
    void everyKeyOfOneMessageWriteIsInOneClusterSlot() {
        for (String cid : new String[] {"c-000042", "c-000043", "Ünïcode-7"}) {
            int slot = JedisClusterCRC16.getSlot(RedisKeys.offers(cid));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.offerExpiries(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.message(cid, "m-1")));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.message(cid, "m-2")));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.profile(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.forgotten(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.sent(cid, "m-1")));
            for (Channel channel : RedisKeys.PUSH_CHANNELS) {
                assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.stream(cid, channel)));
            }
        }
    }

    @Test
    void theShardIsTheCrc16OfTheCustomerIdAndShardsUseDistinctSlots() {
        // CRC16("c-000042") = the Redis Cluster slot of a key "c-000042", mod 64.
        assertEquals(JedisClusterCRC16.getSlot("c-000042") % 64, RedisKeys.shard("c-000042"));
        Set<Integer> slots = new HashSet<>();
        for (int shard = 0; shard < RedisKeys.SHARDS; shard++) {
            slots.add(JedisClusterCRC16.getSlot(RedisKeys.stream(shard, Channel.EMAIL)));
        }
        assertEquals(RedisKeys.SHARDS, slots.size());
    }

    @Test
    void keysFollowContractVersionThree() {
        assertEquals(3, RedisKeys.CONTRACT_VERSION);
        int shard = RedisKeys.shard("c-1");
        String tag = String.format("{s%02d}", shard);
        assertEquals("kairos:offers:" + tag + ":c-1", RedisKeys.offers("c-1"));
        assertEquals("kairos:offers-exp:" + tag + ":c-1", RedisKeys.offerExpiries("c-1"));
        assertEquals("kairos:msg:" + tag + ":c-1:m-9", RedisKeys.message("c-1", "m-9"));
        assertEquals("kairos:profile:" + tag + ":c-1", RedisKeys.profile("c-1"));
        assertEquals("kairos:forgotten:" + tag + ":c-1", RedisKeys.forgotten("c-1"));
        assertEquals("kairos:sent:" + tag + ":m-9", RedisKeys.sent("c-1", "m-9"));
        assertEquals("kairos:stream:" + tag + ":email", RedisKeys.stream("c-1", Channel.EMAIL));
        assertEquals("kairos:stream:{s07}:sms", RedisKeys.stream(7, Channel.SMS));
        assertEquals("kairos:movements:{2026-11-22}", RedisKeys.movements("2026-11-22"));
    }

    @Test
    void onlyEmailSmsAndPushArePushed() {
        assertTrue(RedisKeys.isPushChannel(Channel.EMAIL));
        assertTrue(RedisKeys.isPushChannel(Channel.SMS));
        assertTrue(RedisKeys.isPushChannel(Channel.PUSH));
        assertFalse(RedisKeys.isPushChannel(Channel.WEB));
        assertFalse(RedisKeys.isPushChannel(Channel.APP));
        assertFalse(RedisKeys.isPushChannel(Channel.CALL_CENTER));
    }
}
