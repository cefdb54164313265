package io.kairos.loadgen;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

/**
 * Event times for a generated recording: a seeded Poisson process of {@code ratePerSecond}
 * events per second of event time from a start instant, exposed as the {@link Clock} the
 * {@link EventGenerator} reads. {@link #advance()} moves it to the next arrival; with the same
 * seed, start and rate, every run has the same times, so a recording is fully reproducible.
 */
final class SimulatedArrivals extends Clock {
    private final Random random;
    private final double meanGapMillis;
    private double now;

    SimulatedArrivals(Instant start, double ratePerSecond, long seed) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        // Its own stream: the generator's choices must not depend on how times are drawn.
        this.random = new Random(seed ^ 0x5DEECE66DL * 31);
        this.meanGapMillis = 1000.0 / ratePerSecond;
        this.now = start.toEpochMilli();
    }

    /** Moves to the next arrival (exponential gap) and returns it, epoch ms. */
    long advance() {
        now += -Math.log(1 - random.nextDouble()) * meanGapMillis;
        return millis();
    }

    @Override
    public long millis() {
        return (long) now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated UTC clock");
    }
}
