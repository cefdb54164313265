package io.kairos.decide;

import io.kairos.moments.Birthday;
import io.kairos.moments.BrowseIntent;
import io.kairos.moments.Replenishment;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.Holdout;
import io.kairos.policy.QuietHours;
import io.kairos.policy.ResponseSuppression;
import io.kairos.policy.SendTiming;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The contact policy and the moments' knobs, as configured rule objects (each validates its own
 * settings when built, so a bad value stops start-up with a message naming it).
 */
public final class DecisionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final Duration defaultCooldown;
    public final FrequencyCaps caps;
    public final QuietHours quietHours;
    public final SendTiming sendTiming;
    public final ResponseSuppression responseSuppression;
    public final Holdout holdout;
    /** A purchase of an offered product this long after the message counts as its conversion. */
    public final Duration attributionWindow;
    /** Half-life of the per-customer channel and hour response counts. */
    public final Duration channelStatsHalfLife;
    public final BrowseIntent browseIntent;
    public final Birthday birthday;
    public final Replenishment replenishment;
    /** The time zone of customers who did not tell us theirs. */
    public final ZoneId defaultZone;

    public DecisionSettings(
            Duration defaultCooldown,
            FrequencyCaps caps,
            QuietHours quietHours,
            SendTiming sendTiming,
            ResponseSuppression responseSuppression,
            Holdout holdout,
            Duration attributionWindow,
            Duration channelStatsHalfLife,
            BrowseIntent browseIntent,
            Birthday birthday,
            Replenishment replenishment,
            ZoneId defaultZone) {
        this.defaultZone = Objects.requireNonNull(defaultZone);
        this.defaultCooldown = Objects.requireNonNull(defaultCooldown);
        this.caps = Objects.requireNonNull(caps);
        this.quietHours = Objects.requireNonNull(quietHours);
        this.sendTiming = Objects.requireNonNull(sendTiming);
        this.responseSuppression = Objects.requireNonNull(responseSuppression);
        this.holdout = Objects.requireNonNull(holdout);
        this.attributionWindow = Objects.requireNonNull(attributionWindow);
        this.channelStatsHalfLife = Objects.requireNonNull(channelStatsHalfLife);
        this.browseIntent = Objects.requireNonNull(browseIntent);
        this.birthday = Objects.requireNonNull(birthday);
        this.replenishment = Objects.requireNonNull(replenishment);
        if (defaultCooldown.isNegative()) {
            throw new IllegalArgumentException("offer cooldown must not be negative: " + defaultCooldown);
        }
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("attribution window must be positive: " + attributionWindow);
        }
    }

    /** The documented defaults (docs/OPERATIONS.md). */
    public static DecisionSettings defaults() {
        return defaults(Duration.ofDays(7), 0.1);
    }

    public static DecisionSettings defaults(Duration defaultCooldown, double holdoutShare) {
        Duration channelHalfLife = Duration.ofDays(60);
        return new DecisionSettings(
                defaultCooldown,
                new FrequencyCaps(3, 10, 2, 6),
                new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC")),
                new SendTiming(Duration.ofMinutes(30), 5, channelHalfLife),
                new ResponseSuppression(Duration.ofDays(30), 2, 3, Duration.ofDays(14), Duration.ofDays(14)),
                new Holdout(Map.of(), holdoutShare),
                Duration.ofDays(7),
                channelHalfLife,
                new BrowseIntent(3, 5, Duration.ofDays(7), 16),
                new Birthday(LocalTime.of(9, 0), ZoneId.of("UTC")),
                new Replenishment(Duration.ofDays(3), 8),
                ZoneId.of("UTC"));
    }

    /** Holdout share per trigger, e.g. to switch the control group off in a test. */
    public DecisionSettings withHoldout(Holdout holdout) {
        return new DecisionSettings(
                defaultCooldown, caps, quietHours, sendTiming, responseSuppression, holdout,
                attributionWindow, channelStatsHalfLife, browseIntent, birthday, replenishment, defaultZone);
    }

    public DecisionSettings withCaps(FrequencyCaps caps) {
        return new DecisionSettings(
                defaultCooldown, caps, quietHours, sendTiming, responseSuppression, holdout,
                attributionWindow, channelStatsHalfLife, browseIntent, birthday, replenishment, defaultZone);
    }

    public DecisionSettings withQuietHours(QuietHours quietHours) {
        return new DecisionSettings(
                defaultCooldown, caps, quietHours, sendTiming, responseSuppression, holdout,
                attributionWindow, channelStatsHalfLife, browseIntent, birthday, replenishment, defaultZone);
    }
}
