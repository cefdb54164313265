package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.RedisAcl;
import io.kairos.channel.RedisEndpoint;
import io.kairos.localstack.RedisCluster;
import io.kairos.localstack.RedisServer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The console's Redis reads on real redis-server processes, as the engine leaves the keys: the
 * census counts every profile once, on one server as the console's ACL user (which cannot write)
 * and on a three-primary cluster (one SCAN per shard tag); the movement matrix sums its days.
 */
class RedisViewsITCase {
    private static final String[] SEGMENTS = {"TOP", "HIGH", "MIDDLE", "LOW", "LOW", "LOW", "PROSPECT"};

    /** 700 profiles, 100 per entry of SEGMENTS; every seventh at risk. */
    private static Map<String, Long> writeProfiles(UnifiedJedis redis) {
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 700; i++) {
            String segment = SEGMENTS[i % SEGMENTS.length];
            String customer = String.format("c-%06d", i);
            redis.hset(ContractKeys.profile(customer), Map.of("segment", segment, "atRisk", Boolean.toString(i % 7 == 3),
                    "totalValue", Integer.toString(i)));
            expected.merge(segment, 1L, Long::sum);
        }
        redis.set("kairos:msg:{s01}:c-1:m", "not a profile"); // other keys are not counted
        return expected;
    }

    @Test
    void onOneServerAsTheConsolesReadOnlyUser() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            Map<String, Long> expected;
            try (UnifiedJedis admin = RedisEndpoint.of(server.uri()).open();
                    Jedis acl = new Jedis(server.host(), server.port())) {
                expected = writeProfiles(admin);
                LocalDate day = LocalDate.of(2026, 12, 6);
                admin.hset(ContractKeys.movements(day.toString()), Map.of("TOP>HIGH", "2", "LOW>MIDDLE", "1"));
                admin.hset(ContractKeys.movements(day.plusDays(1).toString()), Map.of("TOP>HIGH", "3"));
                acl.aclSetUser("kairos-console", ("on >pw " + RedisAcl.CONSOLE_RULES).split(" "));
            }
            RedisEndpoint asConsole = RedisEndpoint.builder(server.uri()).user("kairos-console").password("pw").build();
            try (UnifiedJedis redis = asConsole.open()) {
                RedisViews views = new RedisViews(redis, Duration.ofMinutes(1).toMillis());
                ProfileCensus census = views.census();
                assertEquals(expected, new TreeMap<>(census.bySegment()));
                assertEquals(100, census.atRiskTotal());
                assertEquals("c-000696", census.atRisk().get(0).customerId(), "the most valuable at risk first");
                assertEquals(census, views.census(), "cached within its maximum age");

                MovementMatrix m = views.movements(new DayRange(LocalDate.of(2026, 12, 6), LocalDate.of(2026, 12, 8)));
                assertEquals(5, m.count("TOP", "HIGH"));
                assertEquals(1, m.count("LOW", "MIDDLE"));

                assertThrows(JedisAccessControlException.class, () -> redis.hset(ContractKeys.profile("c-000001"), "segment", "TOP"));
                assertThrows(JedisDataException.class, () -> redis.keys("kairos:*"));
            }
        }
    }

    @Test
    void onAClusterEveryShardIsSwept() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(3);
                UnifiedJedis redis = RedisEndpoint.builder(cluster.seedUri()).cluster(true).build().open()) {
            Map<String, Long> expected = writeProfiles(redis);
            ProfileCensus census = new RedisViews(redis, 0).census();
            assertEquals(expected, new TreeMap<>(census.bySegment()));
            assertEquals(700, census.profiles());
        }
    }
}
