package io.kairos.console;

import io.kairos.events.Decision;

/**
 * One decision from the audit topic as the console shows it: {@code seq} numbers decisions in the
 * order the console read them (the live page asks for those after the last it has), and
 * {@code writtenAt} is the record's Kafka timestamp, when the job wrote it.
 */
public record DecisionView(long seq, String decisionId, String customerId, String trigger, String outcome,
                           String suppressedBy, String offerId, String channel, String messageId, double score,
                           long decidedAt, long sendAt, String segment, String lifecycle, long writtenAt) {

    public static DecisionView of(long seq, Decision d, long writtenAt) {
        return new DecisionView(seq, d.getDecisionId(), d.getCustomerId(), d.getTrigger().name(),
                d.getOutcome().name(), d.getSuppressedBy(), d.getOfferId(),
                d.getChannel() == null ? null : d.getChannel().name(), d.getMessageId(), d.getScore(),
                d.getDecidedAt(), d.getSendAt(), d.getSegment(), d.getLifecycle(), writtenAt);
    }

    /** Matches the live page's filters; a null or blank filter matches everything. */
    public boolean matches(String trigger, String outcome, String channel) {
        return same(trigger, this.trigger) && same(outcome, this.outcome) && same(channel, this.channel);
    }

    private static boolean same(String filter, String value) {
        return filter == null || filter.isBlank() || filter.equals(value);
    }
}
