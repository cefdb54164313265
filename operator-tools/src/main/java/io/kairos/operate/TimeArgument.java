package io.kairos.operate;

import io.kairos.cli.DurationConverter;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import picocli.CommandLine;

/**
 * An instant the way people type it on a command line: {@code now}; {@code +30d}, {@code +12h},
 * {@code +90m}, {@code +45s}, {@code +500ms} or {@code +P1DT2H} (from now); epoch milliseconds;
 * an ISO instant ({@code 2026-12-01T00:00:00Z}); or a date ({@code 2026-12-01}, midnight UTC).
 */
public final class TimeArgument implements CommandLine.ITypeConverter<Instant> {
    private final Clock clock;

    public TimeArgument() {
        this(Clock.systemUTC());
    }

    TimeArgument(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        String v = value.trim();
        try {
            if (v.equalsIgnoreCase("now")) {
                return clock.instant();
            }
            if (v.startsWith("+")) {
                return clock.instant().plus(duration(v.substring(1)));
            }
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeException | ArithmeticException | NumberFormatException
                | CommandLine.TypeConversionException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a time; use an ISO instant (2026-12-01T00:00:00Z), a date"
                            + " (2026-12-01), epoch ms, now, or +duration from now (+30d, +12h, +90m)");
        }
    }

    /** Days on top of what {@link DurationConverter} reads: "+30d" is the common case here. */
    private static Duration duration(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(text);
        }
        if (v.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return new DurationConverter().convert(text);
    }
}
