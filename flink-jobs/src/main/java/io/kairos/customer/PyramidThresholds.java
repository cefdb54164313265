package io.kairos.customer;

import io.kairos.state.ValueSegment;
import java.util.Locale;
import java.util.Objects;

/**
 * The value pyramid at one moment: the least value score ({@link ValueScore}) of each segment,
 * from the active population's histogram. Valid from {@code validFrom} (event time) until the next.
 * A Flink POJO, broadcast to the personalization operator.
 */
public class PyramidThresholds {
    public long validFrom;
    public long activeCustomers;
    public double topMin;
    public double highMin;
    public double middleMin;

    public PyramidThresholds() {}

    public static PyramidThresholds from(ValueHistogram histogram, PyramidShares shares, long validFrom) {
        PyramidThresholds t = new PyramidThresholds();
        t.validFrom = validFrom;
        t.activeCustomers = histogram.total;
        t.topMin = histogram.minScoreOfTop(shares.top());
        t.highMin = histogram.minScoreOfTop(shares.top() + shares.high());
        t.middleMin = histogram.minScoreOfTop(shares.top() + shares.high() + shares.middle());
        return t;
    }

    /** The segment of an active buyer with this score. */
    public ValueSegment segmentOf(double score) {
        if (score >= topMin) {
            return ValueSegment.TOP;
        }
        if (score >= highMin) {
            return ValueSegment.HIGH;
        }
        return score >= middleMin ? ValueSegment.MIDDLE : ValueSegment.LOW;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PyramidThresholds)) {
            return false;
        }
        PyramidThresholds t = (PyramidThresholds) o;
        return validFrom == t.validFrom && activeCustomers == t.activeCustomers
                && Double.compare(topMin, t.topMin) == 0 && Double.compare(highMin, t.highMin) == 0
                && Double.compare(middleMin, t.middleMin) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(validFrom, activeCustomers, topMin, highMin, middleMin);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "pyramid{from=%d active=%d top>=%.3f high>=%.3f middle>=%.3f}",
                validFrom, activeCustomers, topMin, highMin, middleMin);
    }
}
