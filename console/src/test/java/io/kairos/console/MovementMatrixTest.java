package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MovementMatrixTest {
    @Test
    void daysAreSummedPerCellAndOddFieldsIgnored() {
        MovementMatrix m = new MovementMatrix()
                .addDay(Map.of("TOP>HIGH", "3", "LOW>MIDDLE", "2", "junk", "1", "A>", "4", "HIGH>TOP", "x"))
                .addDay(Map.of("TOP>HIGH", "4", "MIDDLE>INACTIVE", "5"));
        assertEquals(7, m.count("TOP", "HIGH"));
        assertEquals(2, m.count("LOW", "MIDDLE"));
        assertEquals(0, m.count("HIGH", "TOP"));
        assertEquals(14, m.total());
        assertEquals(7, m.max());
        assertEquals(12, m.down(), "TOP>HIGH and MIDDLE>INACTIVE are down, LOW>MIDDLE is up");
    }

    @Test
    void unknownSegmentsComeAfterThePyramidsOwn() {
        MovementMatrix m = new MovementMatrix().addDay(Map.of("NEW>TOP", "1"));
        List<String> segments = m.segments();
        assertEquals(Segments.ORDER, segments.subList(0, Segments.ORDER.size()));
        assertEquals("NEW", segments.get(segments.size() - 1));
    }

    @Test
    void downIsTowardsTheBaseButNotAResetOrAComeBack() {
        assertTrue(Segments.isDown("TOP", "LOW"));
        assertTrue(Segments.isDown("LOW", "INACTIVE"));
        assertFalse(Segments.isDown("LOW", "TOP"));
        assertFalse(Segments.isDown("INACTIVE", "LOW"));
        assertFalse(Segments.isDown("PROSPECT", "LOW"));
        assertFalse(Segments.isDown("HIGH", "PROSPECT"));
    }
}
