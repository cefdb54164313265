package io.kairos.loadgen.report;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One latency distribution of a report, in milliseconds, in a group ({@code overall}, or a
 * breakdown such as {@code trigger} or {@code channel}): the usual percentiles, the percentile
 * distribution (as HdrHistogram prints it: the value at each percentile, with more points
 * towards the tail), and the histogram itself, compressed and base64-encoded, so that a later
 * tool can re-read it without loss ({@link #decodeHistogram()}) and, for instance, add runs together.
 */
public record LatencySection(
        String name,
        String group,
        String description,
        long count,
        long minMs,
        double meanMs,
        long p50Ms,
        long p90Ms,
        long p99Ms,
        long p999Ms,
        long maxMs,
        List<Point> distribution,
        String histogram) {

    /** {@code percentile} in [0, 100]; {@code valueMs} the latency at or below which it lies. */
    public record Point(double percentile, long valueMs, long countAtOrBelow) {}

    public static final String OVERALL = "overall";

    public LatencySection {
        distribution = List.copyOf(distribution);
        group = group == null ? OVERALL : group; // reports written before groups existed
    }

    /** A section of the group {@code overall}. */
    public static LatencySection of(String name, String description, Histogram h) {
        return of(name, OVERALL, description, h);
    }

    /**
     * A section of a group: {@link #OVERALL} (drawn in the latency chart), or e.g. {@code trigger}
     * or {@code channel} (a breakdown: in the table, and in a chart of its own group).
     */
    public static LatencySection of(String name, String group, String description, Histogram h) {
        List<Point> points = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (HistogramIterationValue v : h.percentiles(5)) {
                points.add(new Point(
                        v.getPercentileLevelIteratedTo(),
                        h.highestEquivalentValue(v.getValueIteratedTo()),
                        v.getTotalCountToThisValue()));
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        boolean empty = h.getTotalCount() == 0;
        return new LatencySection(
                name,
                group,
                description,
                h.getTotalCount(),
                empty ? 0 : h.getMinValue(),
                empty ? 0 : h.getMean(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                points,
                encoded);
    }

    /** The histogram, decoded from {@link #histogram}. */
    public Histogram decodeHistogram() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("the report's histogram of " + name + " is damaged", e);
        }
    }
}
