package io.kairos.loadgen.csvimport;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the time column: with the given {@code java.time} patterns (tried in order), then, if
 * allowed, the common forms: ISO instants and date-times ({@code T} or a space), dates
 * ({@code yyyy-MM-dd}, {@code yyyyMMdd}) and epoch ms. A time without an offset is in the zone.
 */
public final class EventTimes {
    /** What the common forms are, for messages. */
    public static final String COMMON_FORMS =
            "an ISO time (2010-12-01T08:26:00Z, 2010-12-01 08:26), a date (2010-12-01, 20101201) or epoch ms";
    private static final Pattern EPOCH_MS = Pattern.compile("\\d{9,13}");
    private static final Pattern BASIC_DATE = Pattern.compile("\\d{8}");

    private final List<DateTimeFormatter> formatters = new ArrayList<>();
    private final List<String> patterns;
    private final boolean commonForms;
    private final ZoneId zone;

    /**
     * @throws IllegalArgumentException when a pattern is not a {@link DateTimeFormatter} pattern
     */
    public EventTimes(List<String> patterns, boolean commonForms, ZoneId zone) {
        this.patterns = List.copyOf(patterns);
        this.commonForms = commonForms;
        this.zone = zone;
        for (String p : patterns) {
            formatters.add(DateTimeFormatter.ofPattern(p, Locale.ROOT));
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** What a time must look like, for the report of a row whose time is not one. */
    public String expected() {
        String given = String.join(" or ", patterns);
        if (patterns.isEmpty()) {
            return COMMON_FORMS;
        }
        return "a time as " + given + (commonForms ? ", or " + COMMON_FORMS : "");
    }

    /** Epoch ms. */
    public long parse(String raw) throws DateTimeException {
        String value = raw.trim();
        DateTimeException last = null;
        for (DateTimeFormatter f : formatters) {
            try {
                return instant(f.parseBest(value, ZonedDateTime::from, LocalDateTime::from, LocalDate::from));
            } catch (DateTimeException | ArithmeticException e) {
                last = e instanceof DateTimeException d ? d : new DateTimeException(e.getMessage());
            }
        }
        if (!commonForms) {
            throw last != null ? last : new DateTimeException("no time format");
        }
        try {
            return common(value, zone);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DateTimeException("not a time: " + value);
        }
    }

    private long instant(TemporalAccessor t) {
        if (t instanceof ZonedDateTime z) {
            return z.toInstant().toEpochMilli();
        } else if (t instanceof LocalDateTime l) {
            return l.atZone(zone).toInstant().toEpochMilli();
        }
        return ((LocalDate) t).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /**
     * A bound for {@code --from}/{@code --until} as people type it: a date (midnight in the
     * zone), a date-time without an offset (in the zone), an ISO instant or epoch ms.
     *
     * @throws DateTimeException when it is none of these
     */
    public static long bound(String value, ZoneId zone) {
        try {
            return common(value.trim(), zone);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DateTimeException("not a time: " + value);
        }
    }

    private static long common(String value, ZoneId zone) {
        if (EPOCH_MS.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        if (BASIC_DATE.matcher(value).matches()) {
            return LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        String iso = value.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli(); // also takes "Z"
        } catch (DateTimeException noOffset) {
            return LocalDateTime.parse(iso).atZone(zone).toInstant().toEpochMilli();
        }
    }

    /** For the report: an instant in the zone the file's times are in. */
    public String show(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDateTime().toString() + " " + zone;
    }
}
