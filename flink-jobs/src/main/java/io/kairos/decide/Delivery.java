package io.kairos.decide;

import io.kairos.deliver.RedisUpdate;
import io.kairos.events.PersonalizedMessage;
import io.kairos.learn.Feedback;
import io.kairos.policy.SendTiming;
import java.time.Duration;

/** A message goes out: to Redis, counted, remembered per channel, and fed back as a trial of its offer. */
final class Delivery {
    private final Duration channelStatsHalfLife;
    private final OperatorMetrics metrics;

    Delivery(DecisionSettings rules, OperatorMetrics metrics) {
        this.channelStatsHalfLife = rules.channelStatsHalfLife;
        this.metrics = metrics;
    }

    void send(PersonalizedMessage message, CustomerTurn turn) {
        SendTiming.recordSent(turn.state, message.getChannel(), message.getSendAt(), channelStatsHalfLife);
        metrics.messagesSent.get(message.getTrigger()).get(message.getChannel()).inc();
        turn.out.feedback(
                Feedback.sent(message.getMessageId(), message.getOfferId(), message.getSegment(),
                        message.getTrigger().name(), message.getSendAt()));
        turn.out.redis(RedisUpdate.message(message).withCauseProducedAt(turn.causeProducedAt));
    }
}
