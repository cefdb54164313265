package io.kairos.customer;

import io.kairos.churn.BgNbdModel;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A customer's churn risk in [0, 1] at an event time, from four detectors, and the next time one
 * of them crosses its warning level if nothing else happens.
 *
 * <ul>
 *   <li><b>Silence</b>: no purchase for {@code silenceFactor} times the customer's own typical gap
 *       (the median of their latest gaps; a default for one-time buyers, who are the commonest
 *       churners and for whom P(alive) says nothing). Primary: alone it reaches the warning level.
 *   <li><b>P(alive)</b> from a BG/NBD model: falls with silence, faster for frequent buyers.
 *       Primary.
 *   <li><b>Activity drop</b>: short-horizon sessions well below the long-horizon baseline.
 *       Supporting: a regular visitor who stops visiting is a sign, not a verdict.
 *   <li><b>Negative cues</b>: support and unsubscribe pages, complaints, dismissed offers, decayed.
 *       Supporting.
 * </ul>
 *
 * <p>Components combine as a noisy-OR, 1 − Π(1 − c): independent pieces of evidence add up, and no
 * single weak one dominates. Silence and P(alive) reach exactly {@code riskEnter} at their own
 * threshold, so each alone puts a customer at risk; drop and cues reach at most {@link
 * #SUPPORTING_MAX} each and need each other, or a partial primary, to do so.
 *
 * <p>Every component is an analytic function of time between events, so the operator needs one
 * timer per customer: at {@link #nextCrossing} (the risk rises only at those instants or with the
 * slow growth of P(alive)'s component, which the P(alive) crossing then catches).
 */
public final class ChurnRiskModel implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Ceiling of a supporting component: two of them at full strength reach 1 − 0.45² ≈ 0.8. */
    public static final double SUPPORTING_MAX = 0.55;
    /** A component below this is not named among the reasons. */
    static final double REASON_MIN = 0.15;
    private static final double DAY_MS = 86_400_000.0;

    private final CustomerModelSettings settings;
    private final BgNbdModel bgNbd;

    public ChurnRiskModel(CustomerModelSettings settings) {
        this.settings = settings;
        this.bgNbd = new BgNbdModel(settings.bgNbd);
    }

    /** The risk and what drove it. */
    public static final class Assessment {
        public final double risk;
        /** Human-readable, strongest first. */
        public final List<String> reasons;
        public final double silence;
        public final double pAlive;
        public final double activityDrop;
        public final double negativeCues;

        Assessment(double silence, double pAlive, double pAliveComponent, double drop, double cues, List<String> reasons) {
            this.silence = silence;
            this.pAlive = pAlive;
            this.activityDrop = drop;
            this.negativeCues = cues;
            this.risk = 1 - (1 - silence) * (1 - pAliveComponent) * (1 - drop) * (1 - cues);
            this.reasons = reasons;
        }
    }

    /** Assesses at {@code t}; the state's decayed quantities must already be brought to {@code t}. */
    public Assessment assess(CustomerState s, long t) {
        List<Reason> reasons = new ArrayList<>(4);

        double silence = 0;
        long overdueAt = overdueAt(s);
        if (overdueAt != Long.MAX_VALUE && t >= overdueAt) {
            long span = overdueAt - s.getLastPurchaseAt();
            double beyond = Math.min(1.0, (double) (t - overdueAt) / span);
            silence = settings.riskEnter + (1 - settings.riskEnter) * beyond;
            reasons.add(
                    new Reason(
                            silence,
                            String.format(
                                    Locale.ROOT,
                                    "silence: no purchase for %s, usually every %s",
                                    days(t - s.getLastPurchaseAt()),
                                    days(CustomerProfile.typicalGapMillis(s, settings)))));
        }

        double pAlive = pAlive(s, t);
        double pAliveComponent = scaleToWarning(1 - pAlive, 1 - settings.pAliveThreshold);
        if (pAliveComponent >= REASON_MIN) {
            reasons.add(new Reason(pAliveComponent, String.format(Locale.ROOT, "P(alive) %.2f", pAlive)));
        }

        double drop = 0;
        double ratio = activityRatio(s);
        if (hasBaseline(s) && ratio <= settings.activityDropRatio) {
            drop = SUPPORTING_MAX;
            reasons.add(
                    new Reason(
                            drop,
                            String.format(
                                    Locale.ROOT,
                                    "activity drop: sessions at %.0f%% of usual",
                                    100 * ratio)));
        }

        double cues = SUPPORTING_MAX * (1 - Math.exp(-s.getNegativeCues()));
        if (cues >= REASON_MIN) {
            reasons.add(
                    new Reason(
                            cues,
                            String.format(
                                    Locale.ROOT, "negative cues (complaints, support, unsubscribe, dismissals): %.1f",
                                    s.getNegativeCues())));
        }
        reasons.sort(Comparator.comparingDouble((Reason r) -> -r.weight));
        List<String> texts = new ArrayList<>(reasons.size());
        reasons.forEach(r -> texts.add(r.text));
        return new Assessment(silence, pAlive, pAliveComponent, drop, cues, texts);
    }

    /**
     * The earliest instant after {@code t} at which a detector crosses its warning level or
     * changes its contribution, assuming no new event; {@link Long#MAX_VALUE} if none will.
     */
    public long nextCrossing(CustomerState s, long t) {
        long next = Long.MAX_VALUE;
        long overdueAt = overdueAt(s);
        if (overdueAt > t) {
            next = Math.min(next, overdueAt);
        }
        long pAliveFalls = pAliveFallsAt(s);
        if (pAliveFalls > t) {
            next = Math.min(next, pAliveFalls);
        }
        long dropAt = activityDropAt(s);
        if (dropAt > t) {
            next = Math.min(next, dropAt);
        }
        return next;
    }

    /** When silence becomes overdue; MAX_VALUE for customers who never bought. */
    public long overdueAt(CustomerState s) {
        if (s.getPurchaseCount() == 0) {
            return Long.MAX_VALUE;
        }
        long gap = CustomerProfile.typicalGapMillis(s, settings);
        return s.getLastPurchaseAt() + Math.round(settings.silenceFactor * gap);
    }

    /** P(alive) at {@code t}; 1 for customers with fewer than two purchases (BG/NBD cannot tell). */
    public double pAlive(CustomerState s, long t) {
        if (s.getPurchaseCount() < 2) {
            return 1.0;
        }
        double tx = (s.getLastPurchaseAt() - s.getFirstPurchaseAt()) / DAY_MS;
        double age = Math.max(tx, (t - s.getFirstPurchaseAt()) / DAY_MS);
        return bgNbd.pAlive(s.getPurchaseCount() - 1, tx, age);
    }

    private long pAliveFallsAt(CustomerState s) {
        if (s.getPurchaseCount() < 2) {
            return Long.MAX_VALUE;
        }
        double tx = (s.getLastPurchaseAt() - s.getFirstPurchaseAt()) / DAY_MS;
        double age = bgNbd.ageWhenPAliveFallsTo(settings.pAliveThreshold, s.getPurchaseCount() - 1, tx);
        if (Double.isInfinite(age) || Double.isNaN(age) || age * DAY_MS > Long.MAX_VALUE / 2.0) {
            return Long.MAX_VALUE;
        }
        // Rounded up: at the timer, P(alive) is at or just below the threshold.
        return s.getFirstPurchaseAt() + (long) Math.ceil(age * DAY_MS);
    }

    /** Short-horizon over long-horizon session rate (per day); 1 when there is no baseline. */
    double activityRatio(CustomerState s) {
        List<Double> sessions = s.getSessionRates();
        if (sessions.isEmpty()) {
            return 1.0;
        }
        double shortRate = Decay.perDay(sessions.get(0), settings.shortHorizon());
        double longRate = Decay.perDay(sessions.get(sessions.size() - 1), settings.longHorizon());
        return longRate <= 0 ? 1.0 : shortRate / longRate;
    }

    private boolean hasBaseline(CustomerState s) {
        List<Double> sessions = s.getSessionRates();
        return !sessions.isEmpty()
                && Decay.perDay(sessions.get(sessions.size() - 1), settings.longHorizon()) * 30
                        >= settings.activityDropMinSessionsPer30Days;
    }

    /**
     * When the ratio falls to the drop level with no new session (both rates decay, the short one
     * faster), if the baseline is still there then; MAX_VALUE otherwise.
     */
    private long activityDropAt(CustomerState s) {
        List<Double> sessions = s.getSessionRates();
        if (sessions.isEmpty() || !hasBaseline(s)) {
            return Long.MAX_VALUE;
        }
        double ratio = activityRatio(s);
        if (ratio <= settings.activityDropRatio) {
            return Long.MAX_VALUE; // already dropped; the next session changes it
        }
        double tauShort = settings.shortHorizon().toMillis();
        double tauLong = settings.longHorizon().toMillis();
        double k = 1 / tauShort - 1 / tauLong;
        double elapsed = Math.log(ratio / settings.activityDropRatio) / k;
        double baselineThen =
                Decay.perDay(sessions.get(sessions.size() - 1), settings.longHorizon())
                        * Math.exp(-elapsed / tauLong)
                        * 30;
        if (baselineThen < settings.activityDropMinSessionsPer30Days) {
            return Long.MAX_VALUE; // by then too little is left to call it a drop
        }
        return s.getDecayedAsOf() + (long) Math.ceil(elapsed);
    }

    /** Maps a badness in [0,1] so that {@code warnAt} gives exactly riskEnter, monotonically. */
    private double scaleToWarning(double badness, double warnAt) {
        double enter = settings.riskEnter;
        if (badness <= 0) {
            return 0;
        }
        if (badness <= warnAt) {
            return enter * badness / warnAt;
        }
        return Math.min(1.0, enter + (1 - enter) * (badness - warnAt) / (1 - warnAt));
    }

    /** A span in the unit a person would say it in: days from two days up, then hours, then minutes. */
    static String days(long ms) {
        double d = ms / DAY_MS;
        if (d >= 2) {
            return String.format(Locale.ROOT, "%.0f days", d);
        }
        if (ms >= 2 * 3_600_000L) {
            return String.format(Locale.ROOT, "%.0f hours", ms / 3_600_000.0);
        }
        long minutes = Math.round(ms / 60_000.0);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static final class Reason {
        final double weight;
        final String text;

        Reason(double weight, String text) {
            this.weight = weight;
            this.text = text;
        }
    }

}
