package io.kairos.policy;

import io.kairos.state.CustomerState;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

/** The time zone a customer lives in: the one they told us, else a configured default. */
public final class CustomerZone {
    private CustomerZone() {}

    /**
     * The customer's {@code timeZone} if it is a valid IANA id (or offset), else {@code
     * defaultZone}: a bad value from an upstream system must not stop their messages.
     */
    public static ZoneId of(CustomerState s, ZoneId defaultZone) {
        Objects.requireNonNull(defaultZone, "default time zone");
        String id = s.getTimeZone();
        if (id == null || id.isBlank()) {
            return defaultZone;
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    /** A configured zone, naming the setting when it is missing. */
    public static ZoneId require(ZoneId zone, String setting) {
        if (zone == null) {
            throw new IllegalArgumentException(setting + " must be set");
        }
        return zone;
    }
}
