package io.kairos.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Command-line durations the way people type them: 500ms, 60s, 5m, 1h, 30d, or ISO-8601. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = AMOUNT_AND_UNIT.matcher(value.trim().toLowerCase(Locale.ROOT));
        try {
            if (!m.matches()) {
                return Duration.parse(value.trim());
            }
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default: return Duration.ofDays(amount);
            }
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; use e.g. 500ms, 30s, 5m, 1h, 2d or ISO-8601 (PT5M)");
        }
    }
}
