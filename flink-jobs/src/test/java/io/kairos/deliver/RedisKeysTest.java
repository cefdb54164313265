package io.kairos.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class RedisKeysTest {

    @Test
    void everyKeyOfOneCustomerIsInOneClusterSlot() {
        String cid = "c-000042";
        int slot = JedisClusterCRC16.getSlot(RedisKeys.offers(cid));
        assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.offerExpiries(cid)));
        assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.message(cid, "m-1")));
        assertEquals(slot, JedisClusterCRC16.getSlot(RedisKeys.message(cid, "m-2")));
    }

    @Test
    void aStreamAndItsDedupMarkersShareASlot() {
        for (Channel channel : RedisKeys.PUSH_CHANNELS) {
            assertEquals(
                    JedisClusterCRC16.getSlot(RedisKeys.stream(channel)),
                    JedisClusterCRC16.getSlot(RedisKeys.streamed(channel, "m-1")));
        }
    }

    @Test
    void keysFollowContractVersionOne() {
        assertEquals("kairos:offers:{c-1}", RedisKeys.offers("c-1"));
        assertEquals("kairos:offers-exp:{c-1}", RedisKeys.offerExpiries("c-1"));
        assertEquals("kairos:msg:{c-1}:m-9", RedisKeys.message("c-1", "m-9"));
        assertEquals("kairos:stream:{email}", RedisKeys.stream(Channel.EMAIL));
        assertEquals("kairos:streamed:{sms}:m-9", RedisKeys.streamed(Channel.SMS, "m-9"));
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
