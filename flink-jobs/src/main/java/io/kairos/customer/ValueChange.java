package io.kairos.customer;

import java.util.Objects;

/**
 * A customer's contribution to the active population's value histogram changed: remove
 * {@code before} (if it was in), add {@code after} (if it is in). NaN means "not in the active
 * population" (a first purchase has no before; a lapse or a forget has no after).
 */
public class ValueChange {
    /**
     * Event time the change takes effect: never before the customer's previous change, so a late
     * purchase cannot land in an earlier period than the change it replaces.
     */
    public long at;

    public double before = Double.NaN;
    public double after = Double.NaN;

    public ValueChange() {}

    public ValueChange(long at, double before, double after) {
        this.at = at;
        this.before = before;
        this.after = after;
    }

    public boolean hasBefore() {
        return !Double.isNaN(before);
    }

    public boolean hasAfter() {
        return !Double.isNaN(after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueChange
                && at == ((ValueChange) o).at
                && Double.compare(before, ((ValueChange) o).before) == 0
                && Double.compare(after, ((ValueChange) o).after) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, before, after);
    }

    @Override
    public String toString() {
        return "value{at=" + at + " " + before + " -> " + after + "}";
    }
}
