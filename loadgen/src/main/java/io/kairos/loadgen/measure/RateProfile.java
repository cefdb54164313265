package io.kairos.loadgen.measure;

import java.time.Duration;
import java.util.Locale;

/**
 * The target rate (events per second) as a function of the time since load started: steady,
 * a step from one rate to another at an instant, or a linear ramp from one rate to another over
 * a period (then holding the last). Pure: the load generator asks it for the rate and sets a
 * Guava {@code RateLimiter} to it.
 */
public record RateProfile(Kind kind, double rate, double toRate, Duration at) {

    public enum Kind {
        /** {@code rate} throughout. */
        STEADY,
        /** {@code rate} until {@code at}, then {@code toRate}. */
        STEP,
        /** From {@code rate} at 0 linearly to {@code toRate} at {@code at}, then {@code toRate}. */
        RAMP
    }

    public RateProfile {
        if (kind == null || at == null) {
            throw new IllegalArgumentException("kind and at are required");
        }
        if (!(rate > 0) || !(toRate > 0)) {
            throw new IllegalArgumentException("rates must be positive, were " + rate + " and " + toRate);
        }
        if (at.isNegative() || (kind == Kind.RAMP && at.isZero())) {
            throw new IllegalArgumentException("the ramp's period must be positive, was " + at);
        }
    }

    public static RateProfile steady(double rate) {
        return new RateProfile(Kind.STEADY, rate, rate, Duration.ZERO);
    }

    public static RateProfile step(double rate, double toRate, Duration at) {
        return new RateProfile(Kind.STEP, rate, toRate, at);
    }

    public static RateProfile ramp(double rate, double toRate, Duration over) {
        return new RateProfile(Kind.RAMP, rate, toRate, over);
    }

    /** Events per second the generator should aim for {@code elapsed} after it started. */
    public double rateAt(Duration elapsed) {
        return rateAtNanos(elapsed.toNanos());
    }

    public double rateAtNanos(long elapsedNanos) {
        long atNanos = at.toNanos();
        return switch (kind) {
            case STEADY -> rate;
            case STEP -> elapsedNanos < atNanos ? rate : toRate;
            case RAMP -> elapsedNanos <= 0
                    ? rate
                    : elapsedNanos >= atNanos ? toRate : rate + (toRate - rate) * elapsedNanos / atNanos;
        };
    }

    /** Events the profile asks for in the first {@code duration}: the integral of the rate. */
    public double expectedEvents(Duration duration) {
        double t = duration.toNanos() / 1e9;
        double a = at.toNanos() / 1e9;
        return switch (kind) {
            case STEADY -> rate * t;
            case STEP -> t <= a ? rate * t : rate * a + toRate * (t - a);
            case RAMP -> t <= a
                    ? rate * t + (toRate - rate) * t * t / (2 * a)
                    : (rate + toRate) / 2 * a + toRate * (t - a);
        };
    }

    /** Highest rate the profile reaches. */
    public double peakRate() {
        return Math.max(rate, toRate);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STEADY -> String.format(Locale.ROOT, "steady %.0f/s", rate);
            case STEP -> String.format(Locale.ROOT, "step %.0f/s -> %.0f/s at %ds", rate, toRate, at.toSeconds());
            case RAMP -> String.format(Locale.ROOT, "ramp %.0f/s -> %.0f/s over %ds", rate, toRate, at.toSeconds());
        };
    }
}
