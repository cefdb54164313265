package io.kairos.policy;

import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Hours in which a customer is not contacted, in their own time zone (their {@code timeZone}, else
 * the default zone): from {@code start} (inclusive) to {@code end} (exclusive) local time, wrapping
 * past midnight when {@code start > end} (21:00-08:00). {@code start == end} means no quiet hours.
 *
 * <p>A message that falls in quiet hours is held, not dropped: it is released at the instant they
 * end ({@link #releaseAt}), unless it would expire first ({@link #checkExpiry}). Local times are
 * resolved by {@link ZonedDateTime}: on a day when clocks change, "08:00" is the instant the local
 * clock shows 08:00 that day (an end time in a spring-forward gap moves forward by the gap, one in
 * an autumn overlap the first of its two instants still ahead).
 */
public final class QuietHours implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId defaultZone;

    public QuietHours(LocalTime start, LocalTime end, ZoneId defaultZone) {
        if (start == null || end == null) {
            throw new IllegalArgumentException(
                    "quiet hours start and end must both be set: " + start + "-" + end);
        }
        this.start = start;
        this.end = end;
        this.defaultZone = CustomerZone.require(defaultZone, "quiet hours default time zone");
    }

    /** No quiet hours. */
    public static QuietHours none(ZoneId defaultZone) {
        return new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, defaultZone);
    }

    public boolean isQuiet(CustomerState s, long at) {
        return isQuietLocal(local(s, at).toLocalTime());
    }

    private boolean isQuietLocal(LocalTime t) {
        if (start.equals(end)) {
            return false;
        }
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code at} if it is not in quiet hours, else the instant they end. */
    public long releaseAt(CustomerState s, long at) {
        ZonedDateTime local = local(s, at);
        LocalTime t = local.toLocalTime();
        if (!isQuietLocal(t)) {
            return at;
        }
        LocalDate endDate = local.toLocalDate();
        if (start.isAfter(end) && !t.isBefore(start)) {
            endDate = endDate.plusDays(1); // quiet since the evening: ends tomorrow morning
        }
        ZonedDateTime release = ZonedDateTime.of(endDate, end, local.getZone());
        if (release.toInstant().toEpochMilli() <= at) {
            // In an autumn overlap the local end time occurs twice; we are past the first one.
            release = release.withLaterOffsetAtOverlap();
        }
        return Math.max(release.toInstant().toEpochMilli(), at);
    }

    /**
     * {@link ContactPolicy.Suppression#EXPIRED_IN_QUIET_HOURS} if a message due at {@code at} and
     * held until {@code releaseAt} would expire ({@code expiresAt}, 0 for never) before it is
     * released.
     */
    public static Optional<ContactPolicy.Suppression> checkExpiry(
            long at, long releaseAt, long expiresAt) {
        if (expiresAt > 0 && releaseAt > at && expiresAt <= releaseAt) {
            return Optional.of(ContactPolicy.Suppression.EXPIRED_IN_QUIET_HOURS);
        }
        return Optional.empty();
    }

    private ZonedDateTime local(CustomerState s, long at) {
        return Instant.ofEpochMilli(at).atZone(CustomerZone.of(s, defaultZone));
    }

    public LocalTime start() {
        return start;
    }

    public LocalTime end() {
        return end;
    }
}
