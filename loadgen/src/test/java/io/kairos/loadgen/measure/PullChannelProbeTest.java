package io.kairos.loadgen.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The probe's memory of the bodies it has read: one 64-bit hash per key, growing as needed. */
class PullChannelProbeTest {
    @Test
    void theSeenSetKeepsEveryKeyItWasGivenAndNoOther() {
        PullChannelProbe.LongSet seen = new PullChannelProbe.LongSet();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            seen.add(PullChannelProbe.LongSet.hash64("kairos:msg:{s07}:c-" + i + ":m-" + i));
        }
        seen.add(0);
        seen.add(PullChannelProbe.LongSet.hash64("kairos:msg:{s07}:c-1:m-1")); // again: no change
        assertEquals(n + 1, seen.size());
        for (int i = 0; i < n; i++) {
            assertTrue(seen.contains(PullChannelProbe.LongSet.hash64("kairos:msg:{s07}:c-" + i + ":m-" + i)));
        }
        assertTrue(seen.contains(0));
        assertFalse(seen.contains(PullChannelProbe.LongSet.hash64("kairos:msg:{s07}:c-1:m-2")));
        assertNotEquals(PullChannelProbe.LongSet.hash64("ab"), PullChannelProbe.LongSet.hash64("ba"));
    }
}
