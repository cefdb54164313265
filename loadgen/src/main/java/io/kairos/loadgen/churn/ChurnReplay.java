package io.kairos.loadgen.churn;

import io.kairos.customer.CustomerModel;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerSignal;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.loadgen.accuracy.Accuracy;
import io.kairos.loadgen.accuracy.AccuracyReport;
import io.kairos.loadgen.accuracy.Observed;
import io.kairos.loadgen.scenario.GroundTruth;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.state.CustomerState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The customer model alone over an accuracy-eval scenario: every event observed and assessed at
 * its time, every review at the instant the model asked for, as the keyed operator does, and the
 * churn signals scored by {@link Accuracy} against the truth. Without Kafka, Redis or Flink it
 * takes seconds instead of minutes, which is what calibrating the flag needs; it gives the job's
 * churn figures (the job decides each customer's events and reviews in this order too).
 */
public final class ChurnReplay {
    private static final long DAY = 86_400_000L;
    private static final String REVIEW = "timer:review";

    /** What a replay found, and what the model cost. */
    public record Result(AccuracyReport report, long assessments, double modelCpuSeconds) {}

    private final CustomerModel model;
    private final Map<String, CustomerState> states = new HashMap<>();
    private final List<Observed.ChurnSignal> signals = new ArrayList<>();
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private long assessments;
    private long modelNanos;

    public ChurnReplay(CustomerModelSettings settings) {
        this.model = new CustomerModel(settings);
    }

    /** Replays the scenario and scores it as accuracy-eval does, event time moved a day past the end. */
    public Result run(Scenario.Settings scenario) {
        GroundTruth truth = new GroundTruth();
        Iterator<RecordedEvent> events = new Scenario(scenario).events(truth::add);
        while (events.hasNext()) {
            RecordedEvent r = events.next();
            CustomerEvent e = event(r.getEvent());
            long started = cpu.getCurrentThreadCpuTime();
            CustomerState s = states.computeIfAbsent(r.getKey(), k -> CustomerProfile.newCustomer(e.eventTime));
            reviewsUpTo(r.getKey(), s, e.eventTime - 1);
            model.observe(s, e);
            assess(r.getKey(), s, Math.max(e.eventTime, s.getDecayedAsOf()), e.eventId);
            modelNanos += cpu.getCurrentThreadCpuTime() - started;
        }
        long end = scenario.endMillis() + DAY;
        long started = cpu.getCurrentThreadCpuTime();
        states.forEach((id, s) -> reviewsUpTo(id, s, end));
        modelNanos += cpu.getCurrentThreadCpuTime() - started;
        AccuracyReport report = Accuracy.evaluate(truth, signals, List.of(), Accuracy.Settings.defaults(end));
        return new Result(report, assessments, modelNanos / 1e9);
    }

    private static CustomerEvent event(Object payload) {
        if (payload instanceof ClickEvent c) {
            return CustomerEvent.of(c);
        } else if (payload instanceof PurchaseEvent p) {
            return CustomerEvent.of(p);
        } else if (payload instanceof CustomerUpdate u) {
            return CustomerEvent.of(u);
        }
        return CustomerEvent.of((OfferResponse) payload);
    }

    /** The reviews due up to {@code upTo}, each at its own instant (the operator's timer). */
    private void reviewsUpTo(String id, CustomerState s, long upTo) {
        while (s.getNextReviewAt() != 0 && s.getNextReviewAt() <= upTo) {
            long due = s.getNextReviewAt();
            s.setNextReviewAt(0L);
            if (due >= model.retentionEndsAt(s)) {
                return; // gone for good: the operator drops the state
            }
            assess(id, s, due, REVIEW);
        }
    }

    private void assess(String id, CustomerState s, long t, String cause) {
        CustomerModel.Outcome outcome = model.assess(id, s, t, null, cause);
        assessments++;
        for (CustomerSignal signal : outcome.signals) {
            if (signal.getType() == SignalType.CHURN_RISK_ENTERED || signal.getType() == SignalType.CHURN_RISK_CLEARED) {
                signals.add(new Observed.ChurnSignal(id, signal.getEventTime(), signal.getType() == SignalType.CHURN_RISK_ENTERED));
            }
        }
        s.setNextReviewAt(outcome.nextReviewAt == Long.MAX_VALUE ? 0 : outcome.nextReviewAt);
    }
}
