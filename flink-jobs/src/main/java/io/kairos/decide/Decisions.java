package io.kairos.decide;

import io.kairos.moments.Candidate;
import io.kairos.moments.Moment;
import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ScoredCandidate;
import io.kairos.policy.ContactPolicy.Suppression;
import io.kairos.state.CustomerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the audit records of decisions (topic 'decisions'). */
public final class Decisions {
    /** Candidates listed per record: enough to see why the winner won, bounded for the topic. */
    static final int CANDIDATES_KEPT = 8;

    private Decisions() {}

    /** The record of a decision as taken at the moment. */
    public static Decision of(
            String customerId,
            Moment moment,
            Decider.Verdict verdict,
            CustomerState customer,
            long catalogVersion,
            PersonalizedMessage message) {
        List<ScoredCandidate> candidates = new ArrayList<>();
        for (Scoring.Scored s : verdict.ranked) {
            if (candidates.size() == CANDIDATES_KEPT) {
                break;
            }
            candidates.add(
                    ScoredCandidate.newBuilder()
                            .setOfferId(s.candidate.offerId())
                            .setPropensity(s.propensity)
                            .setSampledRate(s.sampledRate)
                            .setScore(s.score)
                            .build());
        }
        for (Map.Entry<String, String> e : verdict.ineligible.entrySet()) {
            if (candidates.size() == CANDIDATES_KEPT) {
                break;
            }
            candidates.add(
                    ScoredCandidate.newBuilder().setOfferId(e.getKey()).setIneligibleBecause(e.getValue()).build());
        }
        Decision.Builder d =
                Decision.newBuilder()
                        .setDecisionId(decisionId(customerId, moment.trigger.name(), moment.cause, "decided"))
                        .setCustomerId(customerId)
                        .setTrigger(moment.trigger)
                        .setCauseEventId(moment.cause)
                        .setDecidedAt(moment.at)
                        .setCatalogVersion(catalogVersion)
                        .setOutcome(verdict.outcome)
                        .setSuppressedBy(verdict.suppressedBy == null ? null : verdict.suppressedBy.name())
                        .setSegment(customer.getSegment().name())
                        .setLifecycle(customer.getLifecycle().name())
                        .setCandidates(candidates);
        if (verdict.chosen != null) {
            d.setOfferId(verdict.chosen.candidate.offerId()).setScore(verdict.chosen.score);
        }
        if (verdict.channel != null) {
            d.setChannel(verdict.channel).setSendAt(verdict.sendAt);
        }
        if (message != null) {
            d.setMessageId(message.getMessageId());
        }
        return d.build();
    }

    /**
     * The second record of a deferred decision: at its send time the message went out, or a rule
     * that changed meanwhile (consent revoked, a cap filled, a forget-me) stopped it.
     */
    public static Decision released(
            PersonalizedMessage message, CustomerState customer, long at, Suppression stoppedBy) {
        return Decision.newBuilder()
                .setDecisionId(
                        decisionId(message.getCustomerId(), message.getTrigger().name(), message.getCauseEventId(), "released"))
                .setCustomerId(message.getCustomerId())
                .setTrigger(message.getTrigger())
                .setCauseEventId(message.getCauseEventId())
                .setDecidedAt(at)
                .setCatalogVersion(message.getCatalogVersion())
                .setOutcome(stoppedBy == null ? DecisionOutcome.SENT : DecisionOutcome.SUPPRESSED)
                .setSuppressedBy(stoppedBy == null ? null : stoppedBy.name())
                .setOfferId(message.getOfferId())
                .setChannel(message.getChannel())
                .setMessageId(message.getMessageId())
                .setScore(message.getScore())
                .setSendAt(message.getSendAt())
                .setSegment(customer == null ? "PROSPECT" : customer.getSegment().name())
                .setLifecycle(customer == null ? "PROSPECT" : customer.getLifecycle().name())
                .build();
    }

    static String decisionId(String customerId, String trigger, String cause, String stage) {
        String name = customerId + '|' + trigger + '|' + cause + '|' + stage;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
