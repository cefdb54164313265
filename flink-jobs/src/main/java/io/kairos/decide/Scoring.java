package io.kairos.decide;

import io.kairos.moments.Candidate;
import io.kairos.moments.Moment;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.learn.ResponseRates;
import io.kairos.learn.ResponseStats;
import io.kairos.learn.ThompsonSampler;
import io.kairos.state.CustomerState;
import java.util.Map;

/**
 * score = propensity x sampled response rate x value x priority weight.
 *
 * <p>Propensity comes from the customer's own interests: the share of their decayed category
 * affinity that the offer's category holds, between 0.5 (no signal) and 1. The response rate is
 * what the population taught us: a draw from the Beta posterior of the offer's conversion rate in
 * the customer's segment. Drawing instead of taking the mean is Thompson sampling: an offer with
 * little evidence gets a wide posterior and is tried now and then, a proven loser rarely; the
 * draws are seeded by the customer and the moment, so a replay draws the same numbers.
 */
public final class Scoring {
    private Scoring() {}

    /** Interest of the customer in the offer's category, in [0.5, 1]. */
    public static double propensity(OfferCatalogEntry offer, CustomerState customer) {
        if (offer.getCategory() == null || customer.getCategoryAffinity().isEmpty()) {
            return 0.5;
        }
        double total = 0;
        for (Map.Entry<String, Double> e : customer.getCategoryAffinity().entrySet()) {
            total += Math.max(0, e.getValue());
        }
        Double mine = customer.getCategoryAffinity().get(offer.getCategory());
        double share = total <= 0 || mine == null ? 0 : Math.max(0, mine) / total;
        return 0.5 + 0.5 * share;
    }

    /** Value of a conversion, floored at 1 so that offers worth nothing (a greeting) still rank by rate. */
    public static double value(Candidate candidate) {
        return Math.max(1.0, candidate.offer.getValue() * candidate.valueScale);
    }

    /** The candidate's score and its parts, drawing one rate from {@code sampler}. */
    public static Scored score(
            Candidate candidate, CustomerState customer, ResponseRates rates, ThompsonSampler sampler) {
        double propensity = propensity(candidate.offer, customer);
        ResponseStats stats = rates.stats(candidate.offerId(), customer.getSegment().name());
        double rate = sampler.sample(stats.alpha(), stats.beta());
        double score = propensity * rate * value(candidate) * candidate.offer.getPriorityWeight();
        return new Scored(candidate, propensity, rate, score);
    }

    /** A candidate with its score. */
    public static final class Scored {
        public final Candidate candidate;
        public final double propensity;
        public final double sampledRate;
        public final double score;

        Scored(Candidate candidate, double propensity, double sampledRate, double score) {
            this.candidate = candidate;
            this.propensity = propensity;
            this.sampledRate = sampledRate;
            this.score = score;
        }
    }
}
