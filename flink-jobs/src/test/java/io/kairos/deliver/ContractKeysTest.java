package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class ContractKeysTest {

    @Test
    void everyKeyOfOneMessageWriteIsInOneClusterSlot() {
        for (String cid : new String[] {"c-000042", "c-000043", "Ünïcode-7"}) {
            int slot = JedisClusterCRC16.getSlot(ContractKeys.offers(cid));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.offerExpiries(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.message(cid, "m-1")));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.message(cid, "m-2")));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.profile(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.forgotten(cid)));
            assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.sent(cid, "m-1")));
            for (Channel channel : ContractKeys.PUSH_CHANNELS) {
                assertEquals(slot, JedisClusterCRC16.getSlot(ContractKeys.stream(cid, channel)));
            }
        }
    }

    @Test
    void theShardIsTheCrc16OfTheCustomerIdAndShardsUseDistinctSlots() {
        // CRC16("c-000042") = the Redis Cluster slot of a key "c-000042", mod 64.
        assertEquals(JedisClusterCRC16.getSlot("c-000042") % 64, ContractKeys.shard("c-000042"));
        Set<Integer> slots = new HashSet<>();
        for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
            slots.add(JedisClusterCRC16.getSlot(ContractKeys.stream(shard, Channel.EMAIL)));
        }
        assertEquals(ContractKeys.SHARDS, slots.size());
    }

    @Test
    void keysFollowContractVersionThree() {
        assertEquals(3, ContractKeys.CONTRACT_VERSION);
        int shard = ContractKeys.shard("c-1");
        String tag = String.format("{s%02d}", shard);
        assertEquals("kairos:offers:" + tag + ":c-1", ContractKeys.offers("c-1"));
        assertEquals("kairos:offers-exp:" + tag + ":c-1", ContractKeys.offerExpiries("c-1"));
        assertEquals("kairos:msg:" + tag + ":c-1:m-9", ContractKeys.message("c-1", "m-9"));
        assertEquals("kairos:profile:" + tag + ":c-1", ContractKeys.profile("c-1"));
        assertEquals("kairos:forgotten:" + tag + ":c-1", ContractKeys.forgotten("c-1"));
        assertEquals("kairos:sent:" + tag + ":m-9", ContractKeys.sent("c-1", "m-9"));
        assertEquals("kairos:stream:" + tag + ":email", ContractKeys.stream("c-1", Channel.EMAIL));
        assertEquals("kairos:stream:{s07}:sms", ContractKeys.stream(7, Channel.SMS));
        assertEquals("kairos:movements:{2026-11-22}", ContractKeys.movements("2026-11-22"));
    }

    @Test
    void onlyEmailSmsAndPushArePushed() {
        assertTrue(ContractKeys.isPushChannel(Channel.EMAIL));
        assertTrue(ContractKeys.isPushChannel(Channel.SMS));
        assertTrue(ContractKeys.isPushChannel(Channel.PUSH));
        assertFalse(ContractKeys.isPushChannel(Channel.WEB));
        assertFalse(ContractKeys.isPushChannel(Channel.APP));
        assertFalse(ContractKeys.isPushChannel(Channel.CALL_CENTER));
    }
}
