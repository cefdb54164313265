package io.kairos.moments;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.state.CustomerState;
import org.junit.jupiter.api.Test;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

class BirthdayTest {
    private static final Birthday BIRTHDAY =
            new Birthday(LocalTime.of(9, 0), ZoneId.of("Europe/Berlin"));

    private static CustomerState born(String birthday, String zone) {
        CustomerState s = CustomerProfile.newCustomer(T0);
        s.setBirthday(birthday);
        s.setTimeZone(zone);
        return s;
    }

    private static long at(String isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime).toInstant().toEpochMilli();
    }

    @Test
    void greetsAtNineInTheCustomersOwnZone() {
        CustomerState tokyo = born("1990-11-20", "Asia/Tokyo");
        assertEquals(
                at("2026-11-20T09:00+09:00"),
                BIRTHDAY.nextGreetingAt(tokyo, at("2026-11-02T09:00Z")));
        CustomerState la = born("--11-20", "America/Los_Angeles");
        assertEquals(
                at("2026-11-20T09:00-08:00"), BIRTHDAY.nextGreetingAt(la, at("2026-11-02T09:00Z")));
        // no zone: the default (Berlin)
        assertEquals(
                at("2026-11-20T09:00+01:00"),
                BIRTHDAY.nextGreetingAt(born("--11-20", null), at("2026-11-02T09:00Z")));
    }

    @Test
    void strictlyAfterAndNextYearOnceGreeted() {
        CustomerState s = born("--11-20", "Asia/Tokyo");
        long greeting = at("2026-11-20T09:00+09:00");
        assertEquals(greeting, BIRTHDAY.nextGreetingAt(s, greeting - 1));
        assertEquals(at("2027-11-20T09:00+09:00"), BIRTHDAY.nextGreetingAt(s, greeting));

        assertTrue(BIRTHDAY.isDue(s, greeting));
        assertTrue(BIRTHDAY.isDue(s, greeting + 3_600_000)); // a late timer, same local day
        assertFalse(BIRTHDAY.isDue(s, greeting - 1));
        BIRTHDAY.greeted(s, greeting);
        assertEquals(2026, s.getBirthdayGreetedYear());
        assertFalse(BIRTHDAY.isDue(s, greeting + 60_000));
        assertEquals(at("2027-11-20T09:00+09:00"), BIRTHDAY.nextGreetingAt(s, greeting - 1));
    }

    @Test
    void theLocalDateDecidesNotTheUtcDate() {
        // 2026-11-20 01:00 in Tokyo is still 19 November in UTC
        CustomerState s = born("--11-20", "Asia/Tokyo");
        Birthday early = new Birthday(LocalTime.of(1, 0), ZoneId.of("UTC"));
        long greeting = early.nextGreetingAt(s, at("2026-11-02T00:00Z"));
        assertEquals(at("2026-11-19T16:00Z"), greeting);
        assertTrue(early.isDue(s, greeting));
        early.greeted(s, greeting);
        assertEquals(2026, s.getBirthdayGreetedYear());
        // a New Year's Eve birthday greeted late in UTC's new year still counts for the local one
        CustomerState nye = born("--12-31", "America/New_York");
        Birthday late = new Birthday(LocalTime.of(21, 0), ZoneId.of("UTC"));
        long g = late.nextGreetingAt(nye, at("2026-12-01T00:00Z"));
        assertEquals(at("2026-12-31T21:00-05:00"), g);
        late.greeted(nye, g);
        assertEquals(2026, nye.getBirthdayGreetedYear());
        assertEquals(at("2027-12-31T21:00-05:00"), late.nextGreetingAt(nye, g));
    }

    @Test
    void leapDayBirthdaysAreGreetedOnTheTwentyEighthInCommonYears() {
        CustomerState s = born("2000-02-29", "Europe/Berlin");
        assertEquals(
                at("2027-02-28T09:00+01:00"), BIRTHDAY.nextGreetingAt(s, at("2026-11-02T09:00Z")));
        assertEquals(
                at("2028-02-29T09:00+01:00"), BIRTHDAY.nextGreetingAt(s, at("2027-03-01T00:00Z")));
        assertTrue(BIRTHDAY.isDue(s, at("2027-02-28T09:00+01:00")));
        assertFalse(BIRTHDAY.isDue(s, at("2028-02-28T09:00+01:00")));
        assertTrue(BIRTHDAY.isDue(s, at("2028-02-29T09:00+01:00")));
    }

    @Test
    void noOrInvalidBirthdayMeansNoGreeting() {
        for (String b : new String[] {null, "", "tomorrow", "--02-30", "1990-13-01", "11-20"}) {
            assertEquals(0, BIRTHDAY.nextGreetingAt(born(b, null), T0), String.valueOf(b));
            assertFalse(BIRTHDAY.isDue(born(b, null), T0));
        }
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Birthday(null, ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> new Birthday(LocalTime.NOON, null));
    }
}
