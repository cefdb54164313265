package io.kairos.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void thePasswordNeverShows() {
        RedisEndpoint e = RedisEndpoint.builder("rediss://kairos:pa55word@redis:6380/0")
                .password("other-secret").trustStore("/etc/ts.p12", "ts-secret").build();
        assertTrue(e.tls());
        assertEquals("rediss://kairos:***@redis:6380/0", e.maskedUri());
        for (String secret : new String[] {"pa55word", "other-secret", "ts-secret"}) {
            assertFalse(e.toString().contains(secret), e.toString());
        }
    }

    @Test
    void aBadUriIsRefusedWithoutQuotingItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisEndpoint.of("http://u:pa55word@redis:6379"));
        assertFalse(e.getMessage().contains("pa55word"), e.getMessage());
        IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class,
                () -> RedisEndpoint.of("redis://u:pa55word@"));
        assertFalse(noHost.getMessage().contains("pa55word"), noHost.getMessage());
    }
}
