package io.kairos.loadgen.churn;

import picocli.CommandLine.Option;

/**
 * {@code --detectable-after}: when a churner counts for recall, for every command that scores the
 * churn warning ({@code churn-eval}, and {@code accuracy} and {@code accuracy-eval} through their
 * scoring options). One mixin, so they count the same churners by default.
 */
public final class DetectableAfter {
    @Option(names = "--detectable-after", defaultValue = "3",
            description = "A churner counts for recall if the scored history ends at least this many of their gaps"
                    + " after their last purchase (default ${DEFAULT-VALUE}).")
    double gaps;

    public DetectableAfter() {
        this(3);
    }

    public DetectableAfter(double gaps) {
        this.gaps = gaps;
    }

    /** In the churner's own mean gaps between purchases. */
    public double gaps() {
        return gaps;
    }
}
