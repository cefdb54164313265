package io.kairos.demo.local;

import io.kairos.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint-interval}: how often the job that {@code job} runs checkpoints; {@code soak}
 * runs that job and passes it on. One mixin, so both have the same default.
 */
public final class CheckpointInterval {
    @Option(names = "--checkpoint-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "The job's checkpoint interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    public Duration get() {
        return interval;
    }
}
