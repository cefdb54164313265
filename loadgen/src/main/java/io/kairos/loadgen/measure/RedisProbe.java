package io.kairos.loadgen.measure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the latency probes share: they read the job's Redis on their own daemon thread, in rounds,
 * until they are closed, and hand each message that landed to the {@link LatencyMatcher} and the
 * per-second count of landings. An error stops the thread and is kept for {@link #failure}.
 */
abstract class RedisProbe implements AutoCloseable {
    private final Logger log = LoggerFactory.getLogger(getClass());
    protected final UnifiedJedis redis;
    protected final LatencyMatcher matcher;
    protected final PerSecondCounter landed;
    private final String what;
    private final Thread thread;
    protected volatile boolean stopping;
    protected volatile long received;
    private volatile Exception failure;

    /** {@code what}: the probe, as its log calls it. */
    RedisProbe(UnifiedJedis redis, LatencyMatcher matcher, PerSecondCounter landed, String threadName, String what) {
        this.redis = redis;
        this.matcher = matcher;
        this.landed = landed;
        this.what = what;
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    /** Messages measured so far. */
    public long received() {
        return received;
    }

    /** The error that stopped the probe, or null. */
    public Exception failure() {
        return failure;
    }

    /** Starts the thread. */
    protected void startThread() {
        thread.start();
    }

    /** One round: reads what is new, then waits (returning early once {@link #stopping}). */
    protected abstract void round() throws Exception;

    /** Stops the rounds; waits at most {@code timeoutMillis} for the one in progress. */
    protected void stopThread(long timeoutMillis) throws InterruptedException {
        stopping = true;
        thread.join(timeoutMillis);
    }

    private void loop() {
        try {
            while (!stopping) {
                round();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
            log.warn(what + " stopped", e);
        }
    }
}
