package io.kairos.loadgen.accuracy;

import io.kairos.loadgen.churn.DetectableAfter;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How {@link Accuracy} scores a run, as command-line options: the contact caps to flag customers
 * above, and when a churner counts for recall. One mixin for {@code accuracy} (a run elsewhere)
 * and {@code accuracy-eval} (a run it makes), each with its own default caps.
 */
public final class ScoringOptions {
    @Option(names = "--cap-per-day",
            description = "Flag customers above this many messages a UTC day (0: none; default ${DEFAULT-VALUE})."
                    + " The job enforces its caps (kairos.contact.cap-per-day, cap-per-week) over rolling windows;"
                    + " ./kairos decision-eval checks those.")
    int capPerDay;

    @Option(names = "--cap-per-week",
            description = "Flag customers above this many messages a week (0: none; default ${DEFAULT-VALUE}).")
    int capPerWeek;

    @Mixin DetectableAfter detectableAfter;

    /** No caps flagged. */
    public ScoringOptions() {
        this(0, 0);
    }

    /** Other default caps; a churner detectable three gaps after their last purchase. */
    public ScoringOptions(int capPerDay, int capPerWeek) {
        this(capPerDay, capPerWeek, 3);
    }

    public ScoringOptions(int capPerDay, int capPerWeek, double detectableAfterGaps) {
        this.capPerDay = capPerDay;
        this.capPerWeek = capPerWeek;
        this.detectableAfter = new DetectableAfter(detectableAfterGaps);
    }

    /**
     * The scoring of a run whose event time was advanced to {@code endMillis}; a cart's reminder
     * is expected within {@code cartWindow}, unless the cart came within {@code cooldown} (the
     * job's kairos.offer.cooldown) of the previous one.
     */
    public Accuracy.Settings settings(long endMillis, Duration cartWindow, Duration cooldown) {
        return new Accuracy.Settings(endMillis, detectableAfter.gaps(), cartWindow, cooldown, capPerDay, capPerWeek);
    }

    /** The caps as "per day / per week", for a report. */
    public String caps() {
        return capPerDay + " / " + capPerWeek;
    }
}
