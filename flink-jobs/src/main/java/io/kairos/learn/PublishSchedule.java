package io.kairos.learn;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a learning function publishes a change: at the end of the event-time bucket of
 * {@code interval} in which it happened, on an event-time timer. The published value then depends
 * only on the events up to that instant, not on how fast they were read, so a replay at any speed
 * broadcasts the same updates; and a busy key publishes at most once per interval.
 *
 * <p>A change that arrives after the watermark has passed its bucket (late) goes into the first
 * bucket still open, so it is published once and never re-opens a published bucket.
 */
final class PublishSchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long intervalMillis;

    PublishSchedule(Duration interval) {
        if (interval.toMillis() <= 0) {
            throw new IllegalArgumentException("publish interval must be positive: " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    /** The last instant of the bucket holding {@code time}, like a window's max timestamp. */
    long bucketEnd(long time) {
        return Math.floorDiv(time, intervalMillis) * intervalMillis + intervalMillis - 1;
    }

    /** The instant at which a change at {@code eventTime}, seen at {@code watermark}, is published. */
    long publishAt(long eventTime, long watermark) {
        long earliestOpen = watermark == Long.MIN_VALUE ? eventTime : Math.max(eventTime, watermark + 1);
        return bucketEnd(earliestOpen);
    }
}
