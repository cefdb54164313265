package io.kairos.schemas;

import java.nio.charset.StandardCharsets;

/**
 * A clock tick: a record on a customer event topic ({@link Topics#CUSTOMER_EVENTS}, or another
 * topic the job is told to read) that says "no event before this instant will come on this
 * partition", so that the job's event time (and every event-time timer, such as
 * "customer overdue at T") can move on when no events do: at the end of a replay of history, or
 * through a quiet period. It is a Kafka record with the header {@value #HEADER} whose value is the
 * instant in epoch milliseconds as a decimal ASCII string; its key and value are ignored.
 *
 * <p>In this module, next to {@link Topics}, because both producers (the load generator's
 * {@code advance-time}) and the job must agree on it, and neither may depend on the other.
 */
public final class ClockTick {
    /** The Kafka header that makes a record a clock tick. */
    public static final String HEADER = "kairos-clock";

    private ClockTick() {}

    /** The header value for an instant. */
    public static byte[] encode(long epochMillis) {
        if (epochMillis <= 0) {
            throw new IllegalArgumentException("a clock tick must be epoch ms > 0, was " + epochMillis);
        }
        return Long.toString(epochMillis).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The instant of a header value.
     *
     * @throws IllegalArgumentException with a message fit for a dead letter's reason, when the
     *     value is missing, not a plain decimal number, or not a positive instant
     */
    public static long parse(byte[] headerValue) {
        if (headerValue == null || headerValue.length == 0) {
            throw new IllegalArgumentException(HEADER + " header without a value");
        }
        // Only plain ASCII digits: Long.parseLong would also take '+', and non-ASCII digits.
        if (headerValue.length > 19) {
            throw new IllegalArgumentException(HEADER + " header value is too long to be epoch ms");
        }
        for (byte b : headerValue) {
            if (b < '0' || b > '9') {
                throw new IllegalArgumentException(
                        HEADER + " header value '" + printable(headerValue)
                                + "' is not epoch milliseconds as a decimal ASCII string");
            }
        }
        long millis;
        try {
            millis = Long.parseLong(new String(headerValue, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    HEADER + " header value '" + printable(headerValue) + "' is out of range");
        }
        if (millis <= 0) {
            throw new IllegalArgumentException(HEADER + " header value must be epoch ms > 0, was " + millis);
        }
        return millis;
    }

    /** The value as text, with anything but printable ASCII as '?', and cut short. */
    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 40); i++) {
            char c = (char) (bytes[i] & 0xff);
            s.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return bytes.length > 40 ? s + "..." : s.toString();
    }
}
