package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerSecondCounterTest {
    private static final long ORIGIN = 1_764_645_000_000L;

    @Test
    void countsFallIntoTheSecondSinceTheOrigin() {
        PerSecondCounter c = new PerSecondCounter(ORIGIN);
        c.add(ORIGIN);
        c.add(ORIGIN + 999);
        c.add(ORIGIN + 1_000);
        c.add(ORIGIN + 3_500);
        c.add(ORIGIN - 1); // before load started
        assertArrayEquals(new long[] {2, 1, 0, 1, 0}, c.counts(5));
        assertEquals(4, c.seconds());
        assertEquals(5, c.total());
        assertEquals(1, c.beforeOrigin());
    }

    @Test
    void growsForLongRuns() {
        PerSecondCounter c = new PerSecondCounter(ORIGIN);
        c.add(ORIGIN + 3_600_000);
        assertEquals(3_601, c.seconds());
        assertEquals(1, c.counts(3_601)[3_600]);
    }
}
