package io.kairos.customer;

import java.util.Arrays;

/**
 * Counts of value scores ({@link ValueScore}) in logarithmic buckets: a quantile sketch of the
 * active population whose relative error is one bucket, 1% of value. Scores are logs already, so
 * the buckets are of equal width on the score. Customers can be removed exactly (when they lapse
 * or are forgotten), which a merging sketch such as t-digest cannot do.
 *
 * <p>A Flink POJO with a dense array: the scores of a live population span a few dozen units,
 * i.e. a few thousand buckets (tens of kilobytes), held once per job.
 */
public class ValueHistogram {
    /** Bucket width in score units: ln(1.01), so adjacent buckets differ by 1% of value. */
    public static final double BUCKET_WIDTH = Math.log(1.01);

    /** Bucket index of {@code counts[0]}. */
    public int offset;

    public long[] counts = new long[0];
    public long total;

    public ValueHistogram() {}

    static int bucketOf(double score) {
        return (int) Math.floor(score / BUCKET_WIDTH);
    }

    public void add(double score) {
        int bucket = bucketOf(score);
        ensure(bucket);
        counts[bucket - offset]++;
        total++;
    }

    /** Removes a score that was added; false (and nothing changed) if its bucket is empty. */
    public boolean remove(double score) {
        int i = bucketOf(score) - offset;
        if (i < 0 || i >= counts.length || counts[i] == 0) {
            return false;
        }
        counts[i]--;
        total--;
        return true;
    }

    /**
     * The least score of the top {@code share} of the population. Within the bucket where the top
     * share begins, scores are taken as spread evenly, so the share comes out right even when one
     * bucket holds many customers (a dense middle of the pyramid). +Infinity for an empty
     * histogram or a zero share: nobody is in it.
     */
    public double minScoreOfTop(double share) {
        long wanted = (long) Math.ceil(share * total - 1e-9);
        if (wanted <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        long above = 0;
        for (int i = counts.length - 1; i >= 0; i--) {
            if (above + counts[i] >= wanted) {
                double fractionOfBucket = (double) (wanted - above) / counts[i];
                return (i + offset + 1 - fractionOfBucket) * BUCKET_WIDTH;
            }
            above += counts[i];
        }
        return offset * BUCKET_WIDTH;
    }

    private void ensure(int bucket) {
        if (counts.length == 0) {
            offset = bucket;
            counts = new long[16];
            return;
        }
        if (bucket < offset) {
            int grow = Math.max(offset - bucket, counts.length / 2);
            long[] bigger = new long[counts.length + grow];
            System.arraycopy(counts, 0, bigger, grow, counts.length);
            counts = bigger;
            offset -= grow;
        } else if (bucket - offset >= counts.length) {
            int size = Math.max(bucket - offset + 1, counts.length + counts.length / 2);
            counts = Arrays.copyOf(counts, size);
        }
    }
}
