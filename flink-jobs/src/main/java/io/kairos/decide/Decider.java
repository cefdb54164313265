package io.kairos.decide;

import io.kairos.moments.Candidate;
import io.kairos.moments.Moment;
import io.kairos.events.Channel;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.learn.ResponseRates;
import io.kairos.learn.ThompsonSampler;
import io.kairos.policy.ContactPolicy.Suppression;
import io.kairos.policy.SendTiming;
import io.kairos.state.CustomerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One decision for one moment: candidates -> eligibility -> score (with Thompson sampling) ->
 * arbitration under the contact policy -> holdout. At most one message per moment.
 *
 * <p>Candidates are tried best first. Rules about the offer (its cooldown, a suppression after
 * the customer converted on it or dismissed it) pass the turn to the next candidate; rules about
 * the customer (consent, frequency caps) usually stop them all, and the decision is recorded as
 * suppressed by the rule that stopped the best candidate. The holdout comes last, so that the
 * control group is made of customers who would have been contacted: that is what makes
 * "treated vs held out" a fair comparison. Transactional (service) offers are never held out.
 */
public final class Decider implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Comparator<Scoring.Scored> BEST_FIRST =
            Comparator.comparingDouble((Scoring.Scored s) -> s.score)
                    .reversed()
                    .thenComparing(s -> s.candidate.offerId());

    private final DecisionSettings settings;

    public Decider(DecisionSettings settings) {
        this.settings = settings;
    }

    /**
     * @param lastSentAt offerId -> when this customer was last sent it (null: never)
     * @param messageTtlMs how long a message stays valid after the moment
     */
    public Verdict decide(
            String customerId,
            Moment moment,
            CustomerState customer,
            ResponseRates rates,
            Function<String, Long> lastSentAt,
            long messageTtlMs) {
        Map<String, String> ineligible = new LinkedHashMap<>();
        Map<String, Candidate> unique = new LinkedHashMap<>();
        for (Candidate c : moment.candidates) {
            if (unique.containsKey(c.offerId()) || ineligible.containsKey(c.offerId())) {
                continue; // the first reason an offer came up is the one we tell
            }
            Optional<String> whyNot = Eligibility.whyNot(c.offer, customer, moment.at);
            if (whyNot.isPresent()) {
                ineligible.put(c.offerId(), whyNot.get());
            } else {
                unique.put(c.offerId(), c);
            }
        }
        ThompsonSampler sampler =
                new ThompsonSampler(ThompsonSampler.seedOf(customerId, moment.trigger.name(), moment.cause));
        List<Scoring.Scored> ranked = new ArrayList<>(unique.size());
        for (Candidate c : unique.values()) { // fixed order: the same draws for the same offers
            ranked.add(Scoring.score(c, customer, rates, sampler));
        }
        ranked.sort(BEST_FIRST);
        if (ranked.isEmpty()) {
            return Verdict.noCandidate(ranked, ineligible);
        }

        List<Suppression> blocked = new ArrayList<>();
        for (Scoring.Scored scored : ranked) {
            OfferCatalogEntry offer = scored.candidate.offer;
            Suppression why = offerRule(offer, customer, moment.at, lastSentAt);
            if (why != null) {
                blocked.add(why);
                continue;
            }
            Optional<SendTiming.Choice> choice =
                    settings.sendTiming.choose(customer, offer.getChannels(), moment.urgent, moment.at);
            if (choice.isEmpty()) {
                blocked.add(Suppression.NO_CONSENT);
                continue;
            }
            Channel channel = choice.get().channel;
            long sendAt = choice.get().sendAt;
            if (isPush(channel)) {
                sendAt = settings.quietHours.releaseAt(customer, sendAt);
            }
            if (sendAt >= moment.at + messageTtlMs) {
                blocked.add(Suppression.EXPIRED_IN_QUIET_HOURS);
                continue;
            }
            if (!offer.getTransactional()) {
                Optional<Suppression> capped = settings.caps.check(customer, channel, sendAt);
                if (capped.isPresent()) {
                    blocked.add(capped.get());
                    continue;
                }
            }
            // Service messages are owed to every customer: the control group is for marketing.
            if (!offer.getTransactional() && settings.holdout.isHeldOut(customerId, moment.trigger)) {
                return new Verdict(DecisionOutcome.HOLDOUT, scored, channel, sendAt, null, ranked, ineligible, blocked);
            }
            DecisionOutcome outcome = sendAt > moment.at ? DecisionOutcome.DEFERRED : DecisionOutcome.SENT;
            return new Verdict(outcome, scored, channel, sendAt, null, ranked, ineligible, blocked);
        }
        return new Verdict(
                DecisionOutcome.SUPPRESSED, ranked.get(0), null, 0, blocked.get(0), ranked, ineligible, blocked);
    }

    /** The offer's own rules: its cooldown, and suppression after a conversion or dismissals. */
    private Suppression offerRule(
            OfferCatalogEntry offer, CustomerState customer, long at, Function<String, Long> lastSentAt) {
        long cooldown = offer.getCooldownMs() != null ? offer.getCooldownMs() : settings.defaultCooldown.toMillis();
        Long last = lastSentAt.apply(offer.getOfferId());
        if (last != null && at - last < cooldown) {
            return Suppression.COOLDOWN;
        }
        return settings.responseSuppression
                .check(customer, offer.getOfferId(), offer.getTransactional(), at)
                .orElse(null);
    }

    /**
     * Channels that interrupt: quiet hours hold these. Web and app are pulled by the customer,
     * so an offer there waits for them anyway.
     */
    public static boolean isPush(Channel channel) {
        return channel != Channel.WEB && channel != Channel.APP;
    }

    /** What the decision came to. */
    public static final class Verdict {
        public final DecisionOutcome outcome;
        /** The candidate sent, held out, or (SUPPRESSED) the best one; null for NO_CANDIDATE. */
        public final Scoring.Scored chosen;
        public final Channel channel;
        public final long sendAt;
        public final Suppression suppressedBy;
        /** Eligible candidates, best first. */
        public final List<Scoring.Scored> ranked;
        /** offerId -> why it was not eligible. */
        public final Map<String, String> ineligible;
        /** The rule that stopped each candidate tried before the outcome, in order. */
        public final List<Suppression> blocked;

        Verdict(
                DecisionOutcome outcome,
                Scoring.Scored chosen,
                Channel channel,
                long sendAt,
                Suppression suppressedBy,
                List<Scoring.Scored> ranked,
                Map<String, String> ineligible,
                List<Suppression> blocked) {
            this.outcome = outcome;
            this.chosen = chosen;
            this.channel = channel;
            this.sendAt = sendAt;
            this.suppressedBy = suppressedBy;
            this.ranked = Collections.unmodifiableList(ranked);
            this.ineligible = Collections.unmodifiableMap(ineligible);
            this.blocked = Collections.unmodifiableList(blocked);
        }

        static Verdict noCandidate(List<Scoring.Scored> ranked, Map<String, String> ineligible) {
            return new Verdict(DecisionOutcome.NO_CANDIDATE, null, null, 0, null, ranked, ineligible, List.of());
        }

        public boolean sends() {
            return outcome == DecisionOutcome.SENT || outcome == DecisionOutcome.DEFERRED;
        }
    }
}
