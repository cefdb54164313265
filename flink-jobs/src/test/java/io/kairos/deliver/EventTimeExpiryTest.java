package io.kairos.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTimeExpiryTest {
    private static final long DAY = 86_400_000L;
    private static final long WALL = 1_765_000_000_000L; // December 2025
    private static final long HISTORY = 1_275_350_400_000L; // 2010-06-01

    @Test
    void aReplayedHistoryKeepsWhatIsLeftOfTheLifetimeAtTheJobsEventTime() {
        EventTimeExpiry expiry = new EventTimeExpiry(WALL, HISTORY);
        // A profile last seen 10 days before the job's event time with a 90-day TTL has 80 left.
        long expiresAt = HISTORY - 10 * DAY + 90 * DAY;
        assertFalse(expiry.expired(expiresAt, HISTORY - 10 * DAY));
        assertEquals(WALL + 80 * DAY, expiry.redisExpireAt(expiresAt, HISTORY - 10 * DAY));
    }

    @Test
    void whatExpiredInEventTimeIsExpiredWhateverTheWallClock() {
        EventTimeExpiry expiry = new EventTimeExpiry(WALL, HISTORY);
        assertTrue(expiry.expired(HISTORY, HISTORY - DAY));
        assertTrue(expiry.expired(HISTORY - 1, HISTORY - DAY));
    }

    @Test
    void liveEventTimeIsTheWallClockAndTheExpiryIsUnchanged() {
        EventTimeExpiry live = EventTimeExpiry.wallClock(WALL);
        assertEquals(WALL + DAY, live.redisExpireAt(WALL + DAY, WALL - 5));
        assertTrue(live.expired(WALL, WALL - 5));
    }

    @Test
    void beforeTheFirstWatermarkTheLifetimeCountsFromTheUpdatesOwnEventTime() {
        EventTimeExpiry expiry = new EventTimeExpiry(WALL, EventTimeExpiry.UNKNOWN);
        assertFalse(expiry.expired(HISTORY + 3 * DAY, HISTORY));
        assertEquals(WALL + 3 * DAY, expiry.redisExpireAt(HISTORY + 3 * DAY, HISTORY));
    }

    @Test
    void aJobAheadOfTheWallClockShortensTheLifetime() {
        // ./kairos advance-time +30d: a message of a 3-day TTL made 1 day before event time has 2 left.
        long eventNow = WALL + 30 * DAY;
        EventTimeExpiry expiry = new EventTimeExpiry(WALL, eventNow);
        assertEquals(WALL + 2 * DAY, expiry.redisExpireAt(eventNow + 2 * DAY, eventNow - DAY));
    }
}
