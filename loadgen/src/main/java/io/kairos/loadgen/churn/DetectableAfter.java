package io.kairos.loadgen.churn;

import picocli.CommandLine.Option;

/**
 * {@code --detectable-after}: when a churner counts for recall, for every command that scores the
 * churn warning ({@code churn-eval}, and {@code accuracy} and {@code accuracy-eval} through their
 * scoring options). One mixin, so they count the same churners by default.
 */
public final class DetectableAfter {
    private static final String DEFAULT = "3";

    @Option(names = "--detectable-after", defaultValue = DEFAULT,
            description = "A churner counts for recall if the scored history ends at least this many of their gaps"
                    + " after their last purchase (default ${DEFAULT-VALUE}).")
    double gaps;

    /** The default, for a command built without parsing (picocli sets the same from the option). */
    public DetectableAfter() {
        this(Double.parseDouble(DEFAULT));
    }

    public DetectableAfter(double gaps) {
        this.gaps = gaps;
    }

    /** In the churner's own mean gaps between purchases. */
    public double gaps() {
        return gaps;
    }
}
