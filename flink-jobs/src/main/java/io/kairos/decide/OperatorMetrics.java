package io.kairos.decide;

import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.StateSizeSampler;
import io.kairos.events.Channel;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.SignalType;
import io.kairos.events.Trigger;
import io.kairos.policy.ContactPolicy;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The personalization operator's metrics, all under the group {@code kairos}. */
public final class OperatorMetrics {
    /** One profile in this many is encoded to estimate the state per customer. */
    private static final int STATE_SIZE_SAMPLE_EVERY = 128;

    final Map<Trigger, Map<Channel, Counter>> messagesSent = new EnumMap<>(Trigger.class);
    /** Per candidate: the rule that passed the turn to the next one. */
    final Map<ContactPolicy.Suppression, Counter> candidatesSuppressed = new EnumMap<>(ContactPolicy.Suppression.class);
    /** Per decision: the rule that stopped the best candidate (the audit's "suppressed by"). */
    final Map<ContactPolicy.Suppression, Counter> decisionsSuppressed = new EnumMap<>(ContactPolicy.Suppression.class);
    final Map<DecisionOutcome, Counter> decisionsByOutcome = new EnumMap<>(DecisionOutcome.class);
    final Map<SignalType, Counter> signals = new EnumMap<>(SignalType.class);
    final Counter conversionsAttributed;
    final Counter responseStatsUpdates;
    final Counter associationUpdates;
    final Counter forgotten;
    final Counter forgottenEventsDropped;
    final Counter customersExpired;
    final Counter customersReset;
    final Counter catalogUpdates;
    final Counter thresholdUpdates;
    /** Events older than what their customer already had decided: applied, nothing decided. */
    final Counter lateEvents;
    final Histogram eventAgeOnArrival;
    /** Moments of late events and of due work behind the customer's decided time: not decided. */
    final Counter lateMomentsSkipped;
    /** Due work run in line, before a later event of the same customer, rather than by a timer. */
    final Counter dueWorkInLine;
    final Counter dueWorkOnTimer;
    final Counter profilesPublished;
    /** Moments whose message id the customer's contacts already hold: answered once, not again. */
    final Counter momentsAlreadyAnswered;
    final Counter withdrawals;
    /** Customer records written to keyed state from the cache: evicted, or before a barrier. */
    final Counter customerRecordsWrittenBack;
    /** Wall time to decide one event or one timer (state reads, model, moments, policy), µs. */
    final Histogram turnMicros;
    final StateSizeSampler stateSize = new StateSizeSampler(STATE_SIZE_SAMPLE_EVERY);

    public OperatorMetrics(MetricGroup parent) {
        MetricGroup group = parent.addGroup("kairos");
        for (Trigger trigger : Trigger.values()) {
            Map<Channel, Counter> byChannel = new EnumMap<>(Channel.class);
            for (Channel channel : Channel.values()) {
                byChannel.put(
                        channel,
                        group.addGroup("trigger", trigger.name()).addGroup("channel", channel.name()).counter("messagesSent"));
            }
            messagesSent.put(trigger, byChannel);
        }
        for (ContactPolicy.Suppression rule : ContactPolicy.Suppression.values()) {
            MetricGroup g = group.addGroup("suppression", rule.name());
            candidatesSuppressed.put(rule, g.counter("candidatesSuppressed"));
            decisionsSuppressed.put(rule, g.counter("decisionsSuppressed"));
        }
        for (DecisionOutcome outcome : DecisionOutcome.values()) {
            decisionsByOutcome.put(outcome, group.addGroup("outcome", outcome.name()).counter("decisions"));
        }
        for (SignalType type : SignalType.values()) {
            signals.put(type, group.addGroup("signal", type.name()).counter("signals"));
        }
        conversionsAttributed = group.counter("conversionsAttributed");
        responseStatsUpdates = group.counter("responseStatsUpdates");
        associationUpdates = group.counter("associationUpdates");
        forgotten = group.counter("customersForgotten");
        forgottenEventsDropped = group.counter("forgottenEventsDropped");
        customersExpired = group.counter("customersExpired");
        customersReset = group.counter("customersReset");
        catalogUpdates = group.counter("catalogUpdates");
        thresholdUpdates = group.counter("pyramidThresholdUpdates");
        lateEvents = group.counter("lateEvents");
        lateMomentsSkipped = group.counter("lateMomentsSkipped");
        dueWorkInLine = group.counter("dueWorkInLine");
        dueWorkOnTimer = group.counter("dueWorkOnTimer");
        profilesPublished = group.counter("profilesPublished");
        momentsAlreadyAnswered = group.counter("momentsAlreadyAnswered");
        withdrawals = group.counter("consentWithdrawals");
        customerRecordsWrittenBack = group.counter("customerRecordsWrittenBack");
        // Over the last 2048 turns of the subtask: the operator's share of the end-to-end latency.
        turnMicros = group.histogram("decisionLatencyMicros", new DescriptiveStatisticsHistogram(2048));
        // Kafka timestamp to the start of the turn: the share of the latency before the operator
        // (producer, broker, source, the exchange), next to the sink's end-to-end histogram.
        eventAgeOnArrival = group.histogram("eventAgeOnArrivalMs", new DescriptiveStatisticsHistogram(2048));
        group.gauge("customerStateBytes", stateSize);
    }

    /**
     * The churn model's parameters in use as gauges (kairos.churnModel.*): constant for a run, so
     * a dashboard shows which fit a job runs with and when a redeploy changed it.
     */
    static void churnModel(MetricGroup parent, CustomerModelSettings m) {
        MetricGroup g = parent.addGroup("kairos").addGroup("churnModel");
        g.gauge("bgnbdR", (Gauge<Double>) () -> m.bgNbd.r());
        g.gauge("bgnbdAlpha", (Gauge<Double>) () -> m.bgNbd.alpha());
        g.gauge("bgnbdA", (Gauge<Double>) () -> m.bgNbd.a());
        g.gauge("bgnbdB", (Gauge<Double>) () -> m.bgNbd.b());
        g.gauge("dormantRate", (Gauge<Double>) () -> m.dormantRate);
        g.gauge("horizonDays", (Gauge<Double>) () -> m.horizon.toMillis() / 86_400_000.0);
        g.gauge("riskEnter", (Gauge<Double>) () -> m.riskEnter);
        g.gauge("riskExit", (Gauge<Double>) () -> m.riskExit);
        g.gauge("cueWeight", (Gauge<Double>) () -> m.cueWeight);
    }

    /** Metrics that go nowhere: for the rule classes' unit tests. */
    public static OperatorMetrics unregistered() {
        return new OperatorMetrics(new UnregisteredMetricsGroup());
    }
}
