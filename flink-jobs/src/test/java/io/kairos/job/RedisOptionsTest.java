package io.kairos.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.RedisEndpoint;
import io.kairos.deliver.RedisSinkConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kairos.redis.* connection, security and outage options, and that secrets stay hidden. */
class RedisOptionsTest {

    @Test
    void securityOptionsComeFromTheEnvironmentAndNeverShow() {
        JobConfig config = JobConfig.fromArgs(
                new String[] {"--kairos.kafka.bootstrap-servers", "k:9092", "--kairos.redis.uri", "rediss://redis:6380",
                        "--kairos.redis.cluster", "true", "--kairos.redis.retry-timeout", "2 min"},
                Map.of("KAIROS_REDIS_USER", "kairos-engine", "KAIROS_REDIS_PASSWORD", "top-secret-pw"));
        RedisEndpoint endpoint = RedisSinks.endpoint(config);
        assertTrue(endpoint.cluster());
        assertTrue(endpoint.tls());
        assertFalse(endpoint.toString().contains("top-secret-pw"), endpoint.toString());
        assertTrue(endpoint.toString().contains("user kairos-engine"), endpoint.toString());
        assertEquals(Duration.ofMinutes(2), config.get(RedisOptions.REDIS_RETRY_TIMEOUT));
        RedisSinks.fromConfig(config); // builds
        RedisSinkConfig sink =
                RedisSinkConfig.builder(endpoint).retryTimeout(config.get(RedisOptions.REDIS_RETRY_TIMEOUT)).build();
        assertEquals(120_000L, sink.retryTimeoutMillis());
        assertFalse(sink.toString().contains("top-secret-pw"));
    }

    @Test
    void aBadRedisUriIsReportedWithoutItsPassword() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfig.fromArgs(
                new String[] {"--kairos.kafka.bootstrap-servers", "k:9092",
                        "--kairos.redis.uri", "http://kairos:top-secret-pw@redis:6379"},
                Map.of()));
        assertTrue(e.getMessage().contains("kairos.redis.uri"), e.getMessage());
        assertFalse(e.getMessage().contains("top-secret-pw"), e.getMessage());
        assertTrue(e.getMessage().contains("kairos:***@redis"), e.getMessage());
    }

    @Test
    void masking() {
        assertEquals("redis://u:***@h:1", RedisEndpoint.mask("redis://u:pw@h:1"));
        assertEquals("redis://***@h:1", RedisEndpoint.mask("redis://pw@h:1"));
        assertEquals("redis://h:1", RedisEndpoint.mask("redis://h:1"));
    }
}
