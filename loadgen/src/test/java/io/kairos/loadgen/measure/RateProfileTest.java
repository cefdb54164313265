package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateProfileTest {
    private static final Duration ONE_MINUTE = Duration.ofSeconds(60);

    @Test
    void steadyIsTheSameRateThroughout() {
        RateProfile p = RateProfile.steady(2000);
        assertEquals(2000, p.rateAt(Duration.ZERO));
        assertEquals(2000, p.rateAt(Duration.ofHours(3)));
        assertEquals(20_000, p.expectedEvents(Duration.ofSeconds(10)), 1e-6);
    }

    @Test
    void stepChangesTheRateAtItsInstant() {
        RateProfile p = RateProfile.step(2000, 5000, ONE_MINUTE);
        assertEquals(2000, p.rateAt(ONE_MINUTE.minusMillis(1)));
        assertEquals(5000, p.rateAt(ONE_MINUTE));
        assertEquals(5000, p.rateAt(Duration.ofMinutes(5)));
        assertEquals(2000 * 60 + 5000 * 30, p.expectedEvents(Duration.ofSeconds(90)), 1e-6);
    }

    @Test
    void rampIsLinearThenHoldsTheTarget() {
        RateProfile p = RateProfile.ramp(1000, 10_000, Duration.ofSeconds(120));
        assertEquals(1000, p.rateAt(Duration.ZERO));
        assertEquals(5500, p.rateAt(Duration.ofSeconds(60)), 1e-9);
        assertEquals(10_000, p.rateAt(Duration.ofSeconds(120)));
        assertEquals(10_000, p.rateAt(Duration.ofSeconds(500)));
        // area of the trapezoid, then the flat part
        assertEquals((1000 + 10_000) / 2.0 * 120 + 10_000 * 30, p.expectedEvents(Duration.ofSeconds(150)), 1e-6);
        assertEquals(1000 * 60 + 9000 * 60 * 60 / 240.0, p.expectedEvents(ONE_MINUTE), 1e-6);
        assertEquals(10_000, p.peakRate());
    }

    @Test
    void aRampCanGoDown() {
        RateProfile p = RateProfile.ramp(4000, 1000, Duration.ofSeconds(30));
        assertEquals(2500, p.rateAt(Duration.ofSeconds(15)), 1e-9);
        assertEquals(4000, p.peakRate());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RateProfile.steady(0));
        assertThrows(IllegalArgumentException.class, () -> RateProfile.ramp(100, 200, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RateProfile.step(100, -1, ONE_MINUTE));
    }
}
