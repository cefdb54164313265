package io.kairos.loadgen.replay;

/**
 * When each event of a replay is due on a monotonic clock: the first event at once, every later
 * one after its event-time distance from the first, divided by the speed. At 1x an hour of
 * recording takes an hour, at 60x a minute; at {@link #MAX} nothing waits.
 *
 * <p>Order comes first: an event earlier than one before it (a late event in a capture) is due
 * with its predecessor, never before it, so the replay sends exactly the file's order. Because
 * every due time is measured from the start rather than from the previous event, a replay that
 * falls behind (a slow broker) catches up without drifting; how far behind it is, is the lag.
 *
 * <p>The clock and the sleep are injected, so tests run a day of schedule in no time.
 */
public final class ReplaySchedule {
    /** As fast as possible: events are due at once, in order. */
    public static final double MAX = Double.POSITIVE_INFINITY;

    /** A monotonic clock in nanoseconds, such as {@link System#nanoTime()}. */
    @FunctionalInterface
    public interface Ticker {
        long nanos();

        Ticker SYSTEM = System::nanoTime;
    }

    /** Waits; may return early (the schedule then waits again). */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;

        Sleeper SYSTEM = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    private final double speed;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private boolean started;
    private long startNanos;
    private long firstEventTime;
    private long scheduledEventTime;

    /**
     * @param speed how many times faster than real time: 1 = real time, 60 = an hour a minute,
     *     {@link #MAX} = no waiting
     */
    public ReplaySchedule(double speed, Ticker ticker, Sleeper sleeper) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive (or MAX), was " + speed);
        }
        this.speed = speed;
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    public double speed() {
        return speed;
    }

    public boolean asFastAsPossible() {
        return speed == MAX;
    }

    /**
     * The instant on the ticker at which the event is due. The first call starts the schedule:
     * its event is due now.
     */
    public long dueNanos(long eventTime) {
        if (!started) {
            started = true;
            startNanos = ticker.nanos();
            firstEventTime = eventTime;
            scheduledEventTime = eventTime;
        }
        scheduledEventTime = Math.max(scheduledEventTime, eventTime);
        if (asFastAsPossible()) {
            return startNanos;
        }
        double offsetNanos = (scheduledEventTime - firstEventTime) * 1e6 / speed;
        return startNanos + (long) offsetNanos;
    }

    /**
     * Waits until the event is due. Returns how late it is then, in nanoseconds (0 if on time;
     * always 0 at {@link #MAX}, where being "late" has no meaning).
     */
    public long awaitDue(long eventTime) throws InterruptedException {
        long due = dueNanos(eventTime);
        if (asFastAsPossible()) {
            return 0;
        }
        while (true) {
            long now = ticker.nanos();
            if (now - due >= 0) {
                return now - due;
            }
            sleeper.sleepNanos(due - now);
        }
    }

    /** The ticker's time at which the schedule started; only after the first event. */
    public long startNanos() {
        return startNanos;
    }
}
