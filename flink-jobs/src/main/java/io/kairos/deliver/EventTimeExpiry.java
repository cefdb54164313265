package io.kairos.deliver;

/**
 * Turns an expiry in event time (a profile's or message's {@code expiresAt}) into the instant
 * Redis should drop the key, by Redis's wall clock: what is left of its lifetime at the job's
 * current event time, counted from now. Live, event time runs with the wall clock and the two are
 * nearly the same; in a replay of an old history event time is months or years behind, and an
 * absolute {@code PEXPIREAT expiresAt} would drop every key on arrival.
 *
 * <p>The job's event time is the sink's watermark; before the sink has one (the first writes of
 * a replay), each update's own event time stands in for it: its lifetime counts from when it was
 * made.
 *
 * @param wallNowMillis Redis's (and this machine's) clock now
 * @param jobEventTimeMillis the job's event time, or {@link #UNKNOWN}
 */
public record EventTimeExpiry(long wallNowMillis, long jobEventTimeMillis) {
    /** No watermark yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Live use where event time is the wall clock: PEXPIREAT is expiresAt itself. */
    public static EventTimeExpiry wallClock(long nowMillis) {
        return new EventTimeExpiry(nowMillis, nowMillis);
    }

    /** The event time the remaining lifetime counts from. */
    public long eventNow(long ownEventTimeMillis) {
        return jobEventTimeMillis == UNKNOWN ? ownEventTimeMillis : jobEventTimeMillis;
    }

    /** Whether an update that expires at {@code expiresAt} (event time) is already gone. */
    public boolean expired(long expiresAt, long ownEventTimeMillis) {
        return expiresAt <= eventNow(ownEventTimeMillis);
    }

    /** The wall-clock instant for PEXPIREAT; only for an update that has not {@link #expired}. */
    public long redisExpireAt(long expiresAt, long ownEventTimeMillis) {
        return wallNowMillis + (expiresAt - eventNow(ownEventTimeMillis));
    }
}
