package io.kairos.decide;

import io.kairos.customer.CustomerModel;
import io.kairos.customer.CustomerProfile;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.moments.CartAbandonment;
import io.kairos.moments.CrossSell;
import io.kairos.moments.MomentRule;
import io.kairos.moments.VipThankYou;
import io.kairos.moments.WinBack;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.SendTiming;
import io.kairos.state.CustomerState;
import java.util.List;

/**
 * A customer's turn, start to end, in one direction: what falls due before the event runs first
 * (in line, as of its due times), then the event is applied to the state, its moments are found
 * and decided, the customer is assessed; the state is written once, with the customer's one timer
 * at or before the next due instant. A timer's turn runs the due work the watermark has passed.
 * No Flink types here but the state handles: the operator adapts its contexts to {@link Env}.
 */
final class CustomerTurns {
    private final DecisionSettings rules;
    private final CustomerModel model;
    private final List<MomentRule> moments;
    private final OperatorMetrics metrics;
    private final Erasure erasure;
    private final Attribution attribution;
    private final HeldMessages held;
    private final CustomerReview review;
    private final DueWork due;
    private final DecisionMaker decisions;
    private final boolean dueWorkInLine;

    CustomerTurns(PersonalizationSettings settings, OperatorMetrics metrics) {
        this.rules = settings.decisions;
        this.model = new CustomerModel(settings.customerModel);
        this.moments = moments(settings);
        this.metrics = metrics;
        this.erasure = new Erasure(settings.customerModel.forgetRetention, metrics);
        this.attribution = new Attribution(rules, metrics);
        Delivery delivery = new Delivery(rules, metrics);
        this.held = new HeldMessages(rules, metrics, delivery);
        this.review = new CustomerReview(model, moments, metrics);
        this.due = new DueWork(moments, review, held);
        this.decisions = new DecisionMaker(settings, metrics, delivery, held);
        this.dueWorkInLine = settings.dueWorkInLine;
    }

    /** Every moment the engine knows, in the order they see an event. */
    static List<MomentRule> moments(PersonalizationSettings settings) {
        DecisionSettings d = settings.decisions;
        return List.of(
                new CartAbandonment(settings.cartAbandonmentDelay, settings.cartReminderChannels),
                d.browseIntent,
                d.replenishment,
                new CrossSell(),
                d.birthday,
                new WinBack(),
                new VipThankYou());
    }

    /** What a turn works with: the customer's key and state, the inputs, the outputs, the timers. */
    static final class Env {
        final String customerId;
        final CustomerStore store;
        final CustomerTurn.Inputs inputs;
        final TurnOutput out;
        final Timers timers;

        Env(String customerId, CustomerStore store, CustomerTurn.Inputs inputs, TurnOutput out, Timers timers) {
            this.customerId = customerId;
            this.store = store;
            this.inputs = inputs;
            this.out = out;
            this.timers = timers;
        }
    }

    void onEvent(CustomerEvent event, Env env) {
        CustomerState stored = env.store.load(env.customerId);
        // A forgotten customer has no state: only then can the tombstone matter (one read less
        // per event for everyone else).
        if (stored == null && erasure.drops(event, env.store)) {
            return; // within a forget window: nothing comes back
        }
        if (isUpdate(event, CustomerUpdateType.FORGET_ME)) {
            erasure.forget(env.customerId, event.eventTime, env.store, env.timers, env.out);
            return;
        }
        if (stored == null && isUpdate(event, CustomerUpdateType.RESET)) {
            metrics.customersReset.inc(); // nothing to reset
            return;
        }
        CustomerTurn turn = turn(stored == null ? CustomerProfile.newCustomer(event.eventTime) : stored, env, event.producedAt);
        long nextDue = stored == null ? 0 : due.nextDue(stored);
        if (dueWorkInLine && nextDue != 0 && nextDue < event.eventTime) {
            metrics.dueWorkInLine.inc();
            if (!due.runUpTo(event.eventTime - 1, turn)) {
                erasure.expire(env.customerId, turn.state, env.store, env.timers);
                turn.state = CustomerProfile.newCustomer(event.eventTime); // the event starts them anew
            }
        }
        if (isUpdate(event, CustomerUpdateType.RESET)) {
            turn.state = erasure.reset(env.customerId, turn.state, event.eventTime, env.store, env.timers);
            for (MomentRule moment : moments) {
                moment.onEvent(event, turn); // what they told us sets its due times again
            }
            review.assess(turn, event.eventTime, event.eventId);
        } else {
            apply(event, turn);
        }
        finish(turn, env);
    }

    void onTimer(long timestamp, Env env) {
        CustomerState state = env.store.load(env.customerId);
        if (state == null) {
            erasure.onTimer(timestamp, env.store); // the end of a forget window, or a timer of nothing
            return;
        }
        CustomerTurn turn = turn(state, env, 0);
        if (state.getTimerAt() == timestamp) {
            state.setTimerAt(0L); // fired
        } else {
            held.adopt(timestamp, turn); // a timer of a version before timerAt: it kept held messages by timer only
        }
        metrics.dueWorkOnTimer.inc();
        if (!due.runUpTo(Math.max(timestamp, env.timers.watermark()), turn)) {
            erasure.expire(env.customerId, turn.state, env.store, env.timers);
            return;
        }
        finish(turn, env);
    }

    /** The event applied to the state; its moments found and decided; the customer assessed. */
    private void apply(CustomerEvent event, CustomerTurn turn) {
        CustomerState s = turn.state;
        turn.late = event.eventTime < s.getDecidedUpTo();
        if (turn.late) {
            metrics.lateEvents.inc(); // applied; its moments are not decided: the past stays as it was
        }
        model.observe(s, event);
        FrequencyCaps.prune(s, event.eventTime, DecisionMaker.contactsKept(rules));
        rules.responseSuppression.prune(s, event.eventTime);
        if (event.click != null) {
            s.setLastChannel(SendTiming.channelOfDevice(event.click.getDevice()));
        } else if (event.purchase != null) {
            attribution.onPurchase(event.purchase, turn);
        } else if (event.response != null) {
            attribution.onResponse(event.response, turn);
        } else if (isUpdate(event, CustomerUpdateType.CONSENT_REVOKED)) {
            // What is already in Redis for that channel and not yet delivered goes too; held
            // messages are checked again when they fall due.
            metrics.withdrawals.inc();
            turn.out.redis(RedisUpdate.withdraw(turn.customerId, event.update.getChannel(), event.eventTime));
        }
        for (MomentRule moment : moments) {
            moment.onEvent(event, turn);
        }
        if (event.purchase != null) {
            turn.store.recordPurchase(event.purchase); // after the rules, which ask what was owned before
        }
        // Assessed at the event's own time (never the watermark, which depends on replay speed),
        // and never backwards for a late event: what was seen at a later time stays seen.
        long at = Math.max(event.eventTime, s.getDecayedAsOf());
        turn.late = at < s.getDecidedUpTo();
        review.assess(turn, at, event.eventId);
        turn.late = false;
        s.setDecidedUpTo(Math.max(s.getDecidedUpTo(), event.eventTime));
    }

    /**
     * The state written once, and the customer's one timer ({@code timerAt}) at or before the next
     * due instant. It moves only forward in time: almost every event moves the review later, and
     * moving the timer with it would cost a delete and an insert in the timer queue for each of
     * them; a timer that fires before anything is due finds nothing to do and sets the next one.
     * When something falls due sooner (a cart, a held message), the timer moves to it. So there is
     * never a second timer, and a forget-me or an expiry that deletes {@code timerAt} leaves none.
     */
    private void finish(CustomerTurn turn, Env env) {
        CustomerState s = turn.state;
        long want = due.nextDue(s);
        long have = s.getTimerAt();
        if (want != 0 && (have == 0 || want < have)) {
            if (have != 0) {
                env.timers.delete(have);
            }
            env.timers.register(want);
            s.setTimerAt(want);
        }
        env.store.save(env.customerId, s);
        metrics.stateSize.written(s);
    }

    private CustomerTurn turn(CustomerState state, Env env, long producedAt) {
        return new CustomerTurn(env.customerId, state, env.inputs, env.store, env.out, decisions, metrics, producedAt);
    }

    private static boolean isUpdate(CustomerEvent event, CustomerUpdateType type) {
        return event.update != null && event.update.getType() == type;
    }
}
