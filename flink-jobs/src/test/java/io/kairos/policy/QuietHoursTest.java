package io.kairos.policy;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.state.CustomerState;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

class QuietHoursTest {
    private static final QuietHours NIGHT =
            new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneOffset.UTC);

    static CustomerState in(String zone) {
        CustomerState s = CustomerProfile.newCustomer(T0);
        s.setTimeZone(zone);
        return s;
    }

    static long at(String isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime).toInstant().toEpochMilli();
    }

    @Test
    void theSameInstantIsQuietInBerlinAndNotInNewYork() {
        long evening = at("2026-11-02T21:30+01:00"); // 15:30 in New York
        assertTrue(NIGHT.isQuiet(in("Europe/Berlin"), evening));
        assertEquals(at("2026-11-03T08:00+01:00"), NIGHT.releaseAt(in("Europe/Berlin"), evening));
        assertFalse(NIGHT.isQuiet(in("America/New_York"), evening));
        assertEquals(evening, NIGHT.releaseAt(in("America/New_York"), evening));
        // and 21:30 in New York is 03:30 in Berlin: both quiet, each released at its own 08:00
        long nyEvening = at("2026-11-02T21:30-05:00");
        assertEquals(
                at("2026-11-03T08:00-05:00"), NIGHT.releaseAt(in("America/New_York"), nyEvening));
        assertEquals(at("2026-11-03T08:00+01:00"), NIGHT.releaseAt(in("Europe/Berlin"), nyEvening));
    }

    @Test
    void wrapsPastMidnight() {
        CustomerState berlin = in("Europe/Berlin");
        assertEquals(
                at("2026-11-03T08:00+01:00"),
                NIGHT.releaseAt(berlin, at("2026-11-03T01:15+01:00")));
        assertTrue(NIGHT.isQuiet(berlin, at("2026-11-02T21:00+01:00")));
        assertFalse(NIGHT.isQuiet(berlin, at("2026-11-02T20:59:59+01:00")));
        assertFalse(NIGHT.isQuiet(berlin, at("2026-11-03T08:00+01:00")));
        assertTrue(NIGHT.isQuiet(berlin, at("2026-11-03T07:59:59+01:00")));
    }

    @Test
    void releaseFollowsTheLocalClockAcrossDaylightSavingChanges() {
        // Berlin springs forward on 2026-03-29: 08:00 that morning is 06:00 UTC, not 07:00
        assertEquals(
                Instant.parse("2026-03-29T06:00:00Z").toEpochMilli(),
                NIGHT.releaseAt(in("Europe/Berlin"), at("2026-03-28T22:00+01:00")));
        // New York springs forward on 2026-03-08
        assertEquals(
                Instant.parse("2026-03-08T12:00:00Z").toEpochMilli(),
                NIGHT.releaseAt(in("America/New_York"), at("2026-03-07T23:00-05:00")));
        // Berlin falls back on 2026-10-25
        assertEquals(
                Instant.parse("2026-10-25T07:00:00Z").toEpochMilli(),
                NIGHT.releaseAt(in("Europe/Berlin"), at("2026-10-24T23:00+02:00")));
    }

    @Test
    void anEndTimeThatOccursTwiceReleasesAtTheOneStillAhead() {
        QuietHours untilHalfPastTwo =
                new QuietHours(LocalTime.of(21, 0), LocalTime.of(2, 30), ZoneOffset.UTC);
        // 02:10 after falling back (CET): the 02:30 CEST has passed, the 02:30 CET is ahead
        long secondPass = at("2026-10-25T02:10+01:00");
        assertEquals(
                at("2026-10-25T02:30+01:00"),
                untilHalfPastTwo.releaseAt(in("Europe/Berlin"), secondPass));
        long firstPass = at("2026-10-25T02:10+02:00");
        assertEquals(
                at("2026-10-25T02:30+02:00"),
                untilHalfPastTwo.releaseAt(in("Europe/Berlin"), firstPass));
    }

    @Test
    void aMissingOrInvalidZoneFallsBackToTheDefault() {
        QuietHours berlinDefault =
                new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("Europe/Berlin"));
        long evening = at("2026-11-02T21:30+01:00");
        assertTrue(berlinDefault.isQuiet(in(null), evening));
        assertTrue(berlinDefault.isQuiet(in("Mars/Olympus_Mons"), evening));
        assertTrue(berlinDefault.isQuiet(in(""), evening));
        assertFalse(berlinDefault.isQuiet(in("America/New_York"), evening));
    }

    @Test
    void daytimeQuietHoursAndNone() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0), ZoneOffset.UTC);
        CustomerState utc = in("UTC");
        assertEquals(at("2026-11-02T14:00Z"), lunch.releaseAt(utc, at("2026-11-02T12:30Z")));
        assertEquals(at("2026-11-02T23:30Z"), lunch.releaseAt(utc, at("2026-11-02T23:30Z")));
        QuietHours none = QuietHours.none(ZoneOffset.UTC);
        assertFalse(none.isQuiet(utc, at("2026-11-02T03:00Z")));
    }

    @Test
    void aHeldMessageThatExpiresFirstIsDropped() {
        long at = at("2026-11-02T22:00Z");
        long release = at("2026-11-03T08:00Z");
        assertEquals(
                Optional.of(ContactPolicy.Suppression.EXPIRED_IN_QUIET_HOURS),
                QuietHours.checkExpiry(at, release, at("2026-11-03T06:00Z")));
        assertEquals(
                Optional.empty(), QuietHours.checkExpiry(at, release, at("2026-11-03T09:00Z")));
        assertEquals(Optional.empty(), QuietHours.checkExpiry(at, release, 0));
        assertEquals(Optional.empty(), QuietHours.checkExpiry(at, at, at - 1)); // not held
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new QuietHours(LocalTime.of(21, 0), null, ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("quiet hours"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), null));
    }
}
