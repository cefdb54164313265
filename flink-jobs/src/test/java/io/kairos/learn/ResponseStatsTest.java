package io.kairos.learn;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseStatsTest {
    private static final Duration HALF_LIFE = Duration.ofDays(30);

    @Test
    void countsHalveOverAHalfLifeAndNeverGrowBack() {
        ResponseStats s = new ResponseStats("o", "HIGH", 10, 4, T0);
        ResponseStats later = s.decayedTo(T0 + 30 * ONE_DAY, HALF_LIFE);
        assertEquals(5, later.trials, 1e-6);
        assertEquals(2, later.successes, 1e-6);
        assertEquals(T0 + 30 * ONE_DAY, later.asOf);
        assertEquals(s, s.decayedTo(T0 - ONE_DAY, HALF_LIFE), "an earlier time leaves the counts as they are");
        assertEquals(10, s.trials, 0.0, "decayedTo copies");
    }

    @Test
    void theOrderOfEventsDoesNotMatter() {
        ResponseStats empty = new ResponseStats("o", "HIGH");
        ResponseStats inOrder = empty.plus(1, 0, T0, HALF_LIFE).plus(1, 1, T0 + 10 * ONE_DAY, HALF_LIFE);
        ResponseStats outOfOrder = empty.plus(1, 1, T0 + 10 * ONE_DAY, HALF_LIFE).plus(1, 0, T0, HALF_LIFE);
        assertEquals(inOrder.trials, outOfOrder.trials, 1e-12);
        assertEquals(inOrder.successes, outOfOrder.successes, 1e-12);
        assertEquals(inOrder.asOf, outOfOrder.asOf);
        assertEquals(1 + Math.pow(0.5, 10 / 30.0), inOrder.trials, 1e-6);
    }

    @Test
    void theUniformPriorMakesAnUnknownOfferEvenAndConversionsWithoutSendsCannotMakeBetaNegative() {
        ResponseStats unknown = new ResponseStats("o", "HIGH");
        assertEquals(1, unknown.alpha());
        assertEquals(1, unknown.beta());
        assertEquals(0.5, unknown.mean());

        ResponseStats s = new ResponseStats("o", "HIGH", 10, 2, T0);
        assertEquals(3, s.alpha());
        assertEquals(9, s.beta());
        assertEquals(0.25, s.mean(), 1e-12);
        assertEquals(1, new ResponseStats("o", "HIGH", 1, 3, T0).beta());
    }

    @Test
    void theKeyJoinsOfferAndSegment() {
        assertEquals("offer-1|HIGH", ResponseStats.key("offer-1", "HIGH"));
        assertEquals("offer-1|*", ResponseStats.key("offer-1", ResponseStats.ALL_SEGMENTS));
    }
}
