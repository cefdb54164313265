package io.kairos.customer;

import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A buyer's churn probability: the probability of <b>no purchase within the horizon</b> H ({@code
 * kairos.churn.horizon}, 90 days) from now, the same quantity on the same scale for one-time and
 * repeat buyers, and the instant it will cross the warning level if nothing happens.
 *
 * <h2>The model</h2>
 *
 * MBG/NBD (Batislam, Denizel and Filiztekin 2007, IJRM 24(3); Hoppe and Wagner 2007), the
 * variant of BG/NBD (Fader, Hardie and Lee 2005, Marketing Science 24(2)) in which a customer can
 * drop out after the first purchase too ({@code kairos.churn.bgnbd.model}; bg gives BG/NBD), with
 * the population's parameters (r, α, a, b; {@code kairos.churn.bgnbd.*}, refit with {@code
 * ./kairos fit-churn}), conditioned on the customer's own history: x repeat buying occasions, the
 * age t<sub>x</sub> at the last one and the age T now (days since the first purchase). While
 * alive a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
 * probability p ~ Beta(a, b), so a silent customer can only have dropped out at their last one:
 *
 * <pre>
 *   P(alive)            = 1 / (1 + odds(x) D(T - t_x) / S(T - t_x)),  odds(x) = a/(b+x)  (BG/NBD: [x &gt; 0] a/(b+x-1))
 *   P(no purchase in H) = P(alive) S(s + H) / S(s) + (1 - P(alive)) D(s + H) / D(s),  s = T - t_x
 * </pre>
 *
 * where S(s) is the probability, for a customer alive at t<sub>x</sub>, of no purchase in the
 * next s days, under the posterior of λ given the history: ((α+t<sub>x</sub>)/(α+t<sub>x</sub>+s))<sup>r+x</sup>
 * for exponential gaps, so P(alive) is Batislam et al.'s eq. 4 (FHL's for BG/NBD); and D(s) the
 * same for a customer who dropped out at t<sub>x</sub> (below). A one-time buyer's P(alive) falls
 * with their silence as a repeat buyer's does: one scale for everybody (docs/CUSTOMER-MODEL.md).
 *
 * <p>Under Pareto/NBD ({@code kairos.churn.bgnbd.model} pareto) a customer can leave at any
 * moment, not only at a purchase; the same quantities are then {@link ParetoSurvival}'s. Which
 * of the two is a {@link Leaving}: this class reads the history, they read its silence.
 *
 * <h2>A drop-out is a pause (documented extension)</h2>
 *
 * MBG/NBD's drop-out is for good (D = 1). With {@code kairos.churn.bgnbd.dormant-rate} ε &gt; 0 a
 * customer who dropped out buys again at ε times their own rate: D(s) = E[e<sup>−ελs</sup>] =
 * ((α+t<sub>x</sub>)/(α+t<sub>x</sub>+εs))<sup>r+x</sup>. ε is fitted from every customer's gaps
 * ({@link io.kairos.churn.DormancyFit}, by {@code ./kairos fit-churn} and {@code ./kairos
 * backtest}); the job, which keeps a summary, reads the gaps before the silence as active ones.
 *
 * <h2>The customer's own rhythm (documented adjustment)</h2>
 *
 * BG/NBD's gaps are exponential (a coefficient of variation of 1): a weekly shopper two weeks
 * late is then hardly unusual. As in the BG/CNBD-k model (Platzer and Reutterer 2016, "Ticking
 * away the moments: timing regularity helps to better predict customer activity", Marketing
 * Science 35(5)) gaps may be Erlang-k: with λ the rate of purchases (gap ~ Gamma(k, kλ)) and the
 * same Gamma(r, α) prior, the posterior is Gamma(r+kx, α+k t<sub>x</sub>) and S<sub>k</sub>(s) is a negative
 * binomial distribution function, P(N ≤ k−1) for N ~ NB(r+kx, (α+k t<sub>x</sub>)/(α+k t<sub>x</sub>+k s)).
 * k is not known: S (and D) are averaged over k = 1..{@code kairos.churn.max-regularity} with the
 * posterior weights the customer's kept gaps give each ({@link GapRegularity}; at least {@code
 * kairos.churn.regularity-min-gaps} of them, else k = 1, MBG/NBD exactly). Measured on the planted
 * truth and the grocery log (docs/CUSTOMER-MODEL.md); {@code kairos.churn.max-regularity = 1}
 * turns it off.
 *
 * <p>Expected purchases in H are P(alive) times BG/NBD's expectation for a customer alive now
 * (FHL eq. 10 without its P(alive) factor, with b+1 for MBG/NBD).
 *
 * <h2>Negative cues (documented adjustment)</h2>
 *
 * Support and unsubscribe pages, complaints and dismissed offers (the profile's decayed cue score)
 * are evidence of having left: the odds of having left are multiplied by e<sup>w·cues</sup>
 * ({@code kairos.churn.cue-weight}), a likelihood ratio, so they lower P(alive) and raise pChurn
 * with the rest of the history, and fade with their half-life.
 *
 * <h2>The flag</h2>
 *
 * The at-risk flag compares P(left) = 1 − P(alive), not pChurn, with its levels: it asks whether
 * the customer's silence is improbable under their own rhythm, while pChurn also counts customers
 * who are still there but buy less often than the horizon (a 60-day buyer). Since pChurn ≥ P(left),
 * pChurn is at least the enter level too when the flag is raised. With the history fixed P(left)
 * rises with silence, so the operator needs one timer per customer: at {@link #nextCrossing}.
 */
public final class ChurnRiskModel implements Serializable {
    private static final long serialVersionUID = 2L;

    private static final double DAY_MS = 86_400_000.0;
    /** About one support-page visit in the last two weeks. */
    private static final double CUES_WORTH_SAYING = 0.1;

    private final CustomerModelSettings settings;
    private final GapRegularity regularity;
    /** How a customer leaves: at a purchase ((M)BG/NBD) or at any moment (Pareto/NBD). */
    private final Leaving leaving;
    private final double horizonDays;

    public ChurnRiskModel(CustomerModelSettings settings) {
        this.settings = settings;
        this.regularity = new GapRegularity(settings);
        this.leaving = Leaving.of(settings);
        this.horizonDays = settings.horizon.toMillis() / DAY_MS;
    }

    /** The churn probability and what drove it. */
    public static final class Assessment {
        /** Whether the customer has bought: the probabilities describe buyers only. */
        public final boolean buyer;
        /** P(no purchase within the horizon); 0 for customers who never bought. */
        public final double pChurn;
        /** P(alive) now; 1 for customers who never bought (and, under BG/NBD, who bought once). */
        public final double pAlive;
        /** Expected purchases (buying occasions) within the horizon. */
        public final double expectedPurchases;
        /**
         * P(left) = 1 − P(alive): the number the flag compares with its levels. Not {@link #pChurn},
         * which also counts customers who are still there but buy less often than the horizon.
         */
        public final double risk;
        /** The most probable Erlang order of the customer's gaps (1: BG/NBD's exponential gaps). */
        public final int regularity;
        /**
         * The reasons in words, the main one first; formatted when asked for, since only a
         * published profile or a signal carries them and most assessments publish neither.
         */
        private final Supplier<List<String>> reasons;
        /** How many reasons there are, known without formatting them. */
        public final int reasonCount;

        Assessment(boolean buyer, double pChurn, double pAlive, double expectedPurchases, int regularity,
                   int reasonCount, Supplier<List<String>> reasons) {
            this.buyer = buyer;
            this.pChurn = pChurn;
            this.pAlive = pAlive;
            this.expectedPurchases = expectedPurchases;
            this.risk = 1 - pAlive;
            this.regularity = regularity;
            this.reasonCount = reasonCount;
            this.reasons = reasons;
        }

        public List<String> reasons() {
            return reasons.get();
        }
    }

    /**
     * A buyer's summary in days since the first purchase: x repeat occasions, t_x, T, the
     * posterior weights w of the Erlang order k = 1.. of their gaps ({@link GapRegularity}); v the
     * visit rate per day (0: no visits to go by), tL the last sign of life (the latest visit after
     * t_x, else t_x), visitedSince whether a session began after t_x.
     */
    record History(int x, double tx, double T, double[] w, double v, double tL, boolean visitedSince, double cues) {
        /** A history whose gaps are Erlang-k for sure, without visits or cues. */
        History(int x, double tx, double T, int k) {
            this(x, tx, T, GapRegularity.pointMass(k), 0, tx, false, 0);
        }

        /** The same history {@code days} later with nothing happening, the cues held where they are. */
        History later(double days) {
            return new History(x, tx, T + days, w, v, tL, visitedSince, cues);
        }
    }

    /** Assesses at {@code t}; the state's decayed quantities must already be brought to {@code t}. */
    public Assessment assess(CustomerState s, long t) {
        if (s.getPurchaseCount() == 0) {
            return new Assessment(false, 0, 1, 0, 1, 0, List::of);
        }
        History h = history(s, t);
        double pAlive = pAlive(h);
        double pChurn = pChurn(h, pAlive);
        double expected = pAlive * leaving.expectedPurchasesIfAlive(horizonDays, h.x, h.T);
        long silence = t - s.getLastPurchaseAt();
        long usual = s.getPurchaseGaps().isEmpty() ? 0 : CustomerProfile.typicalGapMillis(s, settings);
        int count = cuesWorthSaying(h.cues) ? 2 : 1;
        return new Assessment(true, pChurn, pAlive, expected, GapRegularity.mostProbable(h.w), count, () -> reasons(silence, usual, pAlive, pChurn, h.cues));
    }

    /** {@code usual} is the customer's typical gap, 0 with one purchase so far. */
    private List<String> reasons(long silence, long usual, double pAlive, double pChurn, double cues) {
        List<String> reasons = new ArrayList<>(2);
        String rhythm;
        if (usual == 0) {
            rhythm = "one purchase so far";
        } else {
            double times = (double) silence / usual;
            rhythm = times >= 1.05
                    ? String.format(Locale.ROOT, "%.1fx their usual %s", times, days(usual))
                    : "usually every " + days(usual);
        }
        reasons.add(String.format(Locale.ROOT, "no purchase for %s, %s; P(alive) %.2f, P(no purchase in %s) %.2f",
                days(silence), rhythm, pAlive, days(settings.horizon.toMillis()), pChurn));
        if (cuesWorthSaying(cues)) {
            reasons.add(String.format(Locale.ROOT,
                    "negative cues %.2f (support or unsubscribe pages, complaints, dismissed offers)", cues));
        }
        return reasons;
    }

    private boolean cuesWorthSaying(double cues) {
        return cues >= CUES_WORTH_SAYING && settings.cueWeight > 0;
    }

    /** P(no purchase within the horizon) at {@code t}; 0 for customers who never bought. */
    public double pChurn(CustomerState s, long t) {
        if (s.getPurchaseCount() == 0) {
            return 0;
        }
        History h = history(s, t);
        return pChurn(h, pAlive(h));
    }

    /** P(left) = 1 − P(alive) at {@code t}, what the flag compares with its levels; 0 for customers who never bought. */
    public double pLeft(CustomerState s, long t) {
        return s.getPurchaseCount() == 0 ? 0 : 1 - pAlive(history(s, t));
    }

    /** P(alive) at {@code t}; 1 for customers who never bought (and one-time buyers under BG/NBD). */
    public double pAlive(CustomerState s, long t) {
        if (s.getPurchaseCount() == 0) {
            return 1.0;
        }
        return pAlive(history(s, t));
    }

    History history(CustomerState s, long t) {
        int x = Math.max(0, CustomerProfile.occasions(s) - 1);
        double tx = x == 0 ? 0 : Math.max(0, (s.getLastPurchaseAt() - s.getFirstPurchaseAt()) / DAY_MS);
        double T = Math.max(tx, (t - s.getFirstPurchaseAt()) / DAY_MS);
        if (x == 0) {
            // Several purchases in one occasion: the occasion's age counts from its last purchase.
            T = Math.max(0, (t - s.getLastPurchaseAt()) / DAY_MS);
        }
        double v = settings.visitEvidence ? visitRate(s) : 0;
        long sinceLast = s.getLastClickAt() - s.getLastPurchaseAt();
        boolean visited = v > 0 && sinceLast > settings.sessionGap.toMillis();
        double tL = visited ? Math.min(T, tx + sinceLast / DAY_MS) : tx;
        return new History(x, tx, T, regularity.weights(s.getPurchaseGaps(), x), v, tL, visited, cuesAt(s, t));
    }

    /** The decayed negative-cue score at {@code t} (the state's is as of decayedAsOf). */
    private double cuesAt(CustomerState s, long t) {
        double cues = s.getNegativeCues();
        if (cues <= 0 || settings.cueWeight == 0) {
            return 0;
        }
        long elapsed = Math.max(0, t - s.getDecayedAsOf());
        return cues * Decay.factor(elapsed, Decay.tauOfHalfLife(settings.negativeCueHalfLife));
    }

    /**
     * The customer's own visit rate per day as of their latest visit: the long-horizon decayed
     * session count over what a steady rate would have accumulated in the time they have been
     * seen, count / (τ (1 − e^(−age/τ))). 0 without sessions.
     */
    double visitRate(CustomerState s) {
        List<Double> sessions = s.getSessionRates();
        if (sessions.isEmpty() || s.getLastClickAt() == 0) {
            return 0;
        }
        double tau = settings.longHorizon().toMillis();
        // the count as of the latest visit (the state's count is as of decayedAsOf)
        double count = sessions.get(sessions.size() - 1)
                * Math.exp(Math.max(0, s.getDecayedAsOf() - s.getLastClickAt()) / tau);
        double age = Math.max(0, s.getLastClickAt() - s.getFirstSeen());
        double steady = tau * -Math.expm1(-age / tau);
        // Shrunk toward no visits by one short horizon of exposure: a customer seen for an hour
        // has not shown a rate of 24 visits a day.
        double exposure = steady + settings.shortHorizon().toMillis();
        return count <= 0 ? 0 : count / (exposure / DAY_MS);
    }

    double pAlive(History h) {
        return leaving.pAlive(h, settings.cueWeight * h.cues);
    }

    private double pChurn(History h, double pAlive) {
        return leaving.pChurn(h, settings.cueWeight * h.cues, pAlive, horizonDays);
    }

    /**
     * The earliest instant after {@code t} at which P(left) reaches {@code level} if nothing
     * happens, to the minute; {@link Long#MAX_VALUE} if not by {@code until}, the next review due
     * anyway (P(left) rises with silence: below the level there, below it all the way, so most
     * calls cost one evaluation). Cues are held at their value at {@code t}, an upper bound as
     * they fade: the instant is never late, and a review that finds the level not reached asks again.
     */
    public long nextCrossing(CustomerState s, long t, double level, long until) {
        if (s.getPurchaseCount() == 0 || until <= t) {
            return Long.MAX_VALUE;
        }
        double days = ChurnCrossing.daysUntil(this, history(s, t), level, (until - t) / DAY_MS);
        if (Double.isNaN(days)) {
            return Long.MAX_VALUE;
        }
        // rounded up to the minute: at the instant returned the level is reached
        return Math.min(until, t + (long) Math.ceil(days * DAY_MS / 60_000.0) * 60_000L);
    }

    /** When P(left) reaches the enter level if nothing happens, looking no further than {@code until}. */
    public long nextCrossing(CustomerState s, long t, long until) {
        return nextCrossing(s, t, settings.riskEnter, until);
    }

    /** When silence becomes overdue (lifecycle LAPSED); MAX_VALUE for customers who never bought. */
    public long overdueAt(CustomerState s) {
        if (s.getPurchaseCount() == 0) {
            return Long.MAX_VALUE;
        }
        long gap = CustomerProfile.typicalGapMillis(s, settings);
        return s.getLastPurchaseAt() + Math.round(settings.silenceFactor * gap);
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
}
