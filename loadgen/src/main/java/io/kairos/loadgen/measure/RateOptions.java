package io.kairos.loadgen.measure;

import io.kairos.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The rate profile options, shared by {@code ./kairos loadgen} and {@code ./kairos demo} (a
 * picocli mixin); the starting {@code --rate} is each command's own option.
 */
public final class RateOptions {
    public enum Shape { steady, step, ramp }

    @Option(names = "--profile", defaultValue = "steady",
            description = "Rate profile: steady, step (--step-to at --step-at) or ramp (to --ramp-to over --ramp-over); default ${DEFAULT-VALUE}.")
    Shape shape;

    @Option(names = "--step-to", description = "step: the rate after the step (events/s).")
    Double stepTo;

    @Option(names = "--step-at", converter = DurationConverter.class, description = "step: when it steps, e.g. 60s.")
    Duration stepAt;

    @Option(names = "--ramp-to", description = "ramp: the rate at the end of the ramp (events/s), held after it.")
    Double rampTo;

    @Option(names = "--ramp-over", converter = DurationConverter.class, description = "ramp: how long the ramp takes, e.g. 120s.")
    Duration rampOver;

    /** The profile starting at {@code rate}; a usage error names the missing or bad option. */
    public RateProfile profile(CommandLine cmd, double rate) {
        try {
            return switch (shape) {
                case steady -> RateProfile.steady(rate);
                case step -> {
                    if (stepTo == null || stepAt == null) {
                        throw new CommandLine.ParameterException(cmd, "--profile step needs --step-to and --step-at");
                    }
                    yield RateProfile.step(rate, stepTo, stepAt);
                }
                case ramp -> {
                    if (rampTo == null || rampOver == null) {
                        throw new CommandLine.ParameterException(cmd, "--profile ramp needs --ramp-to and --ramp-over");
                    }
                    yield RateProfile.ramp(rate, rampTo, rampOver);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "bad rate profile: " + e.getMessage());
        }
    }
}
