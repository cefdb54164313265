package io.kairos.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The UTC days a movement view covers, from the page's {@code from} and {@code to} parameters
 * (yyyy-MM-dd; either may be absent). At most {@link #MAX_DAYS}, the matrix's retention, so a
 * typo cannot make the console read years of keys.
 */
public record DayRange(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 90;

    public DayRange {
        if (to.isBefore(from)) {
            LocalDate swap = from;
            from = to;
            to = swap;
        }
        if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
            from = to.minusDays(MAX_DAYS - 1);
        }
    }

    /** Today when both are absent; one day when only one is given. */
    public static DayRange parse(String from, String to, LocalDate today) {
        LocalDate f = day(from);
        LocalDate t = day(to);
        if (f == null && t == null) {
            return new DayRange(today, today);
        }
        return new DayRange(f != null ? f : t, t != null ? t : f);
    }

    private static LocalDate day(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a day is yyyy-MM-dd, not '" + text + "'");
        }
    }

    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    @Override
    public String toString() {
        return from.equals(to) ? from.toString() : from + " to " + to;
    }
}
