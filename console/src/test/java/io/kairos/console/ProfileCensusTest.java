package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileCensusTest {
    @Test
    void countsPerSegmentInPyramidOrderAndKeepsTheMostValuableAtRisk() {
        ProfileCensus.Builder b = new ProfileCensus.Builder(2);
        b.add("c-1", Map.of("segment", "LOW", "atRisk", "true", "totalValue", "10.0", "churnRisk", "0.7"));
        b.add("c-2", Map.of("segment", "TOP", "atRisk", "true", "totalValue", "900.5", "churnRisk", "0.6"));
        b.add("c-3", Map.of("segment", "TOP", "atRisk", "false", "totalValue", "1000"));
        b.add("c-4", Map.of("segment", "HIGH", "atRisk", "true", "totalValue", "300"));
        b.add("c-5", Map.of()); // expired between SCAN and HGETALL
        b.add("c-6", Map.of("lifecycle", "PROSPECT"));
        ProfileCensus census = b.build(123, 4);
        assertEquals(List.of("TOP", "HIGH", "LOW", "PROSPECT"), List.copyOf(census.bySegment().keySet()));
        assertEquals(2, census.count("TOP"));
        assertEquals(5, census.profiles());
        assertEquals(3, census.atRiskTotal());
        assertEquals(List.of("c-2", "c-4"), census.atRisk().stream().map(ProfileCensus.AtRisk::customerId).toList());
    }

    @Test
    void theCustomerIdIsWhatFollowsTheShardTag() {
        assertEquals("c-000042", RedisViews.customerOf("kairos:profile:{s31}:c-000042"));
        assertEquals("a:b", RedisViews.customerOf("kairos:profile:{s01}:a:b"));
    }
}
