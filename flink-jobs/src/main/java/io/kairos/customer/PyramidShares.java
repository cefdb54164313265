package io.kairos.customer;

import java.io.Serializable;

/**
 * The value pyramid's shape: the share of active buyers in TOP, HIGH and MIDDLE (the rest are
 * LOW). Relative by design: "top" means the best {@code top} of whoever is active now.
 */
public record PyramidShares(double top, double high, double middle) implements Serializable {
    public PyramidShares {
        for (double share : new double[] {top, high, middle}) {
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException("each pyramid share must be in (0, 1), got " + share);
            }
        }
        if (top + high + middle >= 1) {
            throw new IllegalArgumentException(
                    "top + high + middle shares must leave room for LOW (sum < 1), got " + (top + high + middle));
        }
    }
}
