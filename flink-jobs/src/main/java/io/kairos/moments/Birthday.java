package io.kairos.moments;

import java.util.Map;
import java.util.List;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.policy.CustomerZone;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Birthday greeting: the moment is {@code greetAt} local time on the customer's birthday in their
 * own time zone ({@code timeZone}, else {@code defaultZone}), once per local year. A birthday on 29
 * February is greeted on 28 February in other years.
 *
 * <p>The operator keeps one event-time timer at {@link #nextGreetingAt} (in {@code
 * nextBirthdayAt}), asks {@link #isDue} when it fires, calls {@link #greeted} after greeting (or
 * deciding not to: the year is done either way) and registers the next one. {@code birthday} is
 * {@code "--MM-DD"} or {@code "YYYY-MM-DD"}; anything else means no greeting.
 */
public final class Birthday implements MomentRule {
    private static final long serialVersionUID = 1L;

    private final LocalTime greetAt;
    private final ZoneId defaultZone;

    public Birthday(LocalTime greetAt, ZoneId defaultZone) {
        if (greetAt == null) {
            throw new IllegalArgumentException("birthday greeting time must be set");
        }
        this.greetAt = greetAt;
        this.defaultZone = CustomerZone.require(defaultZone, "birthday default time zone");
    }

    /** The customer's birthday, or null if unknown or not a valid date. */
    public static MonthDay parse(String birthday) {
        if (birthday == null) {
            return null;
        }
        String b = birthday.trim();
        try {
            return b.startsWith("--") ? MonthDay.parse(b) : MonthDay.from(LocalDate.parse(b));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The first greeting instant strictly after {@code after}, skipping the local year already
     * greeted; 0 if the customer has no valid birthday.
     */
    public long nextGreetingAt(CustomerState s, long after) {
        MonthDay birthday = parse(s.getBirthday());
        if (birthday == null) {
            return 0;
        }
        ZoneId zone = CustomerZone.of(s, defaultZone);
        int year = Instant.ofEpochMilli(after).atZone(zone).getYear();
        for (int y = year; y <= year + 2; y++) {
            if (y == s.getBirthdayGreetedYear()) {
                continue;
            }
            long at = greetingIn(birthday, y, zone);
            if (at > after) {
                return at;
            }
        }
        return 0; // not reached: one of three consecutive years is ungreeted and ahead
    }

    private long greetingIn(MonthDay birthday, int year, ZoneId zone) {
        // atYear: 29 February becomes 28 February in a common year
        return ZonedDateTime.of(birthday.atYear(year), greetAt, zone).toInstant().toEpochMilli();
    }

    /**
     * Whether a greeting is due at {@code timestamp}: it is the customer's birthday there, at or
     * after the greeting time, and this local year was not greeted yet. Robust to a stale timer (a
     * birthday changed since it was registered) and to a late one.
     */
    public boolean isDue(CustomerState s, long timestamp) {
        MonthDay birthday = parse(s.getBirthday());
        if (birthday == null) {
            return false;
        }
        ZoneId zone = CustomerZone.of(s, defaultZone);
        ZonedDateTime local = Instant.ofEpochMilli(timestamp).atZone(zone);
        return local.getYear() != s.getBirthdayGreetedYear()
                && local.toLocalDate().equals(birthday.atYear(local.getYear()))
                && timestamp >= greetingIn(birthday, local.getYear(), zone);
    }

    /** Remembers that the customer's local year of {@code at} is greeted. */
    public void greeted(CustomerState s, long at) {
        s.setBirthdayGreetedYear(
                Instant.ofEpochMilli(at).atZone(CustomerZone.of(s, defaultZone)).getYear());
    }

    // ---- as a moment rule: one event-time due instant in nextBirthdayAt

    @Override
    public void onEvent(CustomerEvent event, MomentContext turn) {
        CustomerState s = turn.state();
        // The birthday or time zone may have changed; or the state predates birthday due times.
        if (event.update != null || (s.getBirthday() != null && s.getNextBirthdayAt() == 0)) {
            s.setNextBirthdayAt(nextGreetingAt(s, event.eventTime));
        }
    }

    @Override
    public long dueAt(CustomerState s) {
        return s.getNextBirthdayAt();
    }

    @Override
    public void onDue(long at, MomentContext turn) {
        CustomerState s = turn.state();
        long due = s.getNextBirthdayAt();
        greeted(s, due); // the year is done whether or not an offer answers it
        s.setNextBirthdayAt(nextGreetingAt(s, Math.max(due, at)));
        List<Candidate> candidates = CatalogCandidates.forTrigger(Trigger.BIRTHDAY, turn.catalog(), 1.0);
        if (!candidates.isEmpty()) {
            turn.decide(new Moment(Trigger.BIRTHDAY, "birthday@" + due, due, true, "it is their birthday", candidates, Map.of()));
        }
    }
}
