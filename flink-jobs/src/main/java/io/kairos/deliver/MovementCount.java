package io.kairos.deliver;

import java.util.Objects;

/**
 * How many customers moved from one value segment to another in one period (a UTC day), as an
 * absolute count: Redis keeps the larger of what it has and what arrives, so a replay never makes
 * the movement matrix go backwards nor counts a move twice.
 */
public class MovementCount {
    /** The period, e.g. {@code 2026-11-22}. */
    public String period;

    public String from;
    public String to;
    public long count;

    /** When the period's matrix may leave Redis (epoch ms). */
    public long expiresAt;

    public MovementCount() {}

    public MovementCount(String period, String from, String to, long count, long expiresAt) {
        this.period = period;
        this.from = from;
        this.to = to;
        this.count = count;
        this.expiresAt = expiresAt;
    }

    /** The field in the period's hash: {@code FROM>TO}. */
    public String field() {
        return from + ">" + to;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MovementCount)) {
            return false;
        }
        MovementCount m = (MovementCount) o;
        return count == m.count && expiresAt == m.expiresAt && Objects.equals(period, m.period)
                && Objects.equals(from, m.from) && Objects.equals(to, m.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(period, from, to, count, expiresAt);
    }

    @Override
    public String toString() {
        return period + " " + field() + "=" + count;
    }
}
