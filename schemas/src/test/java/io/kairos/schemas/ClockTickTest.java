package io.kairos.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClockTickTest {

    @Test
    void roundTripsAnInstant() {
        assertArrayEquals("1767225600000".getBytes(StandardCharsets.US_ASCII), ClockTick.encode(1767225600000L));
        assertEquals(1767225600000L, ClockTick.parse(ClockTick.encode(1767225600000L)));
        assertEquals(Long.MAX_VALUE, ClockTick.parse(ClockTick.encode(Long.MAX_VALUE)));
    }

    @Test
    void rejectsWhatIsNotAPlainPositiveDecimal() {
        for (String bad : new String[] {"", "abc", "+123", "-5", "0", "12.5", " 123", "2026-01-01T00:00:00Z",
                "99999999999999999999", "9223372036854775808"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClockTick.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertTrue(e.getMessage().contains(ClockTick.HEADER), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ClockTick.parse(null));
        assertThrows(IllegalArgumentException.class, () -> ClockTick.encode(0));
    }
}
