package io.kairos.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueScoreTest {
    private static final Duration HALF_LIFE = Duration.ofDays(365);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T = ValueScore.EPOCH_MILLIS + 2000 * DAY;

    @Test
    void spendDecaysByHalfPerHalfLife() {
        double score = ValueScore.addPurchase(0, false, 100, T, HALF_LIFE);
        assertEquals(100, ValueScore.valueAt(score, T, HALF_LIFE), 1e-6);
        assertEquals(50, ValueScore.valueAt(score, T + 365 * DAY, HALF_LIFE), 1e-6);
    }

    @Test
    void purchasesAddUpAtTheirOwnWeight() {
        double score = ValueScore.addPurchase(0, false, 100, T, HALF_LIFE);
        score = ValueScore.addPurchase(score, true, 100, T + 365 * DAY, HALF_LIFE);
        assertEquals(150, ValueScore.valueAt(score, T + 365 * DAY, HALF_LIFE), 1e-6);
    }

    @Test
    void rankingByScoreIsRankingByDecayedValueAtAnyTime() {
        double oldBigSpender = ValueScore.addPurchase(0, false, 1000, T, HALF_LIFE);
        double recentSmallSpender = ValueScore.addPurchase(0, false, 300, T + 730 * DAY, HALF_LIFE);
        // 1000 two half-lives ago is worth 250 now: the recent 300 ranks higher, and stays higher.
        assertTrue(recentSmallSpender > oldBigSpender);
        for (long later : new long[] {T + 730 * DAY, T + 3650 * DAY}) {
            assertTrue(ValueScore.valueAt(recentSmallSpender, later, HALF_LIFE)
                    > ValueScore.valueAt(oldBigSpender, later, HALF_LIFE));
        }
    }

    @Test
    void aFreeOrderDoesNotSinkTheScore() {
        double score = ValueScore.addPurchase(0, false, 0, T, HALF_LIFE);
        assertTrue(Double.isFinite(score));
    }
}
