package io.kairos.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kairos.events.Channel;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class ContractKeysTest {

    @Test
    void theDocumentedExample() {
        // docs/REDIS-CONTRACT.md: c-000042 has slot 5215, shard 31.
        assertEquals(5215, JedisClusterCRC16.getSlot("c-000042"));
        assertEquals(31, ContractKeys.shard("c-000042"));
        assertEquals("kairos:offers:{s31}:c-000042", ContractKeys.offers("c-000042"));
        assertEquals("kairos:msg:{s31}:c-000042:m-1", ContractKeys.message("c-000042", "m-1"));
        assertEquals("kairos:profile:{s31}:c-000042", ContractKeys.profile("c-000042"));
        assertEquals("kairos:stream:{s31}:email", ContractKeys.stream("c-000042", Channel.EMAIL));
        assertEquals("kairos:sent:{s31}:m-1", ContractKeys.sent("c-000042", "m-1"));
    }

    @Test
    void shardTagsAreTwoDigitsAndBounded() {
        assertEquals("{s00}", ContractKeys.shardTag(0));
        assertEquals("{s63}", ContractKeys.shardTag(63));
        assertThrows(IllegalArgumentException.class, () -> ContractKeys.shardTag(64));
    }
}
