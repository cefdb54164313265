package io.kairos.job;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.customer.CustomerValueTracker;
import io.kairos.customer.MovementMatrixFunction;
import io.kairos.customer.PopulationValueFunction;
import io.kairos.customer.PyramidShares;
import io.kairos.customer.PyramidThresholds;
import io.kairos.decide.ControlUpdate;
import io.kairos.decide.CustomerCacheSettings;
import io.kairos.decide.PersonalizationFunction;
import io.kairos.decide.PersonalizationOperator;
import io.kairos.decide.PersonalizationSettings;
import io.kairos.deliver.RedisUpdate;
import io.kairos.catalog.CatalogWatermarks;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferFeedback;
import io.kairos.events.PurchaseEvent;
import io.kairos.learn.BasketPairsFunction;
import io.kairos.learn.FeedbackDedup;
import io.kairos.learn.FeedbackFanOut;
import io.kairos.learn.ItemAssociations;
import io.kairos.learn.ItemAssociationsFunction;
import io.kairos.learn.ResponseStats;
import io.kairos.learn.ResponseStatsFunction;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.DeadLetter;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.ingest.DeadLetterRouter;
import io.kairos.ingest.IngestRecord;
import io.kairos.ingest.RestoredEventTime;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The graph between the inputs and the outputs, without knowing where they come from: the job
 * plugs in Kafka and Redis, tests can plug in what they like. Every stateful operator has a
 * stable uid (the {@link Uids}), so savepoints survive upgrades.
 */
public final class PersonalizationPipeline {
    private PersonalizationPipeline() {}

    /** How long a feedback id is remembered to drop a replayed record: well past any restore's replay. */
    static final Duration FEEDBACK_MEMORY = Duration.ofDays(2);

    /**
     * Network buffer timeout of the branches no decision waits for (co-purchases, the learning
     * loop, movement counts, rejected catalog entries, the catalog): Flink's own default. The
     * value pyramid keeps the job's: its thresholds segment every customer, and a customer
     * assessed before new thresholds arrive keeps the old segment until their next review. The job's default
     * ({@link JobConfig#NETWORK_BUFFER_TIMEOUT}, a few ms) is for the path from an event to its
     * message; on the other branches it would only wake a flusher thread 200 times a second per
     * subtask, which on a small machine is CPU the decisions wait for.
     */
    static final long SIDE_BRANCH_BUFFER_TIMEOUT_MS = 100;

    /** The stable operator ids. Renaming one orphans its state in every savepoint. */
    public static final class Uids {
        public static final String CUSTOMER_EVENTS_SOURCE = "customer-events-source";
        public static final String OFFER_CATALOG_SOURCE = "offer-catalog-source";
        public static final String DEAD_LETTER_ROUTER = "dead-letter-router";
        public static final String RESTORED_EVENT_TIME = "restored-event-time";
        public static final String CATALOG_REJECTS = "catalog-rejects";
        public static final String PERSONALIZATION = "personalization";
        public static final String VALUE_EVENTS = "value-events";
        public static final String CUSTOMER_VALUE_TRACKER = "customer-value-tracker";
        public static final String POPULATION_VALUE = "population-value";
        public static final String MOVEMENT_MATRIX = "movement-matrix";
        public static final String REDIS_SINK = "redis-message-sink";
        public static final String DEAD_LETTER_SINK = "dead-letter-sink";
        public static final String SIGNAL_SINK = "customer-signal-sink";
        public static final String DECISION_SINK = "decision-sink";
        public static final String FEEDBACK_SINK = "offer-feedback-sink";
        public static final String FEEDBACK_SOURCE = "offer-feedback-source";
        public static final String FEEDBACK_FAN_OUT = "offer-feedback-fan-out";
        public static final String FEEDBACK_DEDUP = "offer-feedback-dedup";
        public static final String RESPONSE_STATS = "response-stats";
        public static final String PURCHASES_FOR_ASSOCIATIONS = "purchases-for-associations";
        public static final String BASKET_PAIRS = "basket-pairs";
        public static final String ITEM_ASSOCIATIONS = "item-associations";

        private Uids() {}
    }

    /**
     * What the pipeline produces.
     *
     * @param redisUpdates messages, profiles, forgets and movement counts, each customer's in causal order
     * @param decisions every decision, for the audit topic
     * @param feedback sends and conversions, for the offer-feedback topic that closes the learning loop
     */
    public record Outputs(
            DataStream<RedisUpdate> redisUpdates,
            DataStream<DeadLetter> deadLetters,
            DataStream<CustomerSignal> signals,
            DataStream<Decision> decisions,
            DataStream<OfferFeedback> feedback) {}

    /** Settings of the learning branches: response rates and co-purchase associations. */
    public record LearningSettings(
            Duration responseHalfLife,
            Duration associationHalfLife,
            Duration basketWindow,
            int associationsPerProduct,
            Duration publishInterval) {

        public static LearningSettings defaults() {
            return new LearningSettings(
                    Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), 5, Duration.ofMinutes(15));
        }
    }

    /** Settings of the population side of the value pyramid. */
    public record PyramidSettings(PyramidShares shares, Duration period, Duration movementMatrixTtl) {}

    public static Outputs build(
            DataStream<IngestRecord> customerRecords,
            DataStream<CatalogUpdate> catalogUpdates,
            DataStream<OfferFeedback> feedback,
            PersonalizationSettings settings,
            CustomerCacheSettings customerCache,
            PyramidSettings pyramid,
            LearningSettings learning) {
        SingleOutputStreamOperator<CustomerEvent> decoded =
                customerRecords
                        .process(new DeadLetterRouter())
                        .uid(Uids.DEAD_LETTER_ROUTER)
                        .name("decode-or-dead-letter");
        // Watermarks are not checkpointed: without this, a restored job whose input was all read
        // would have no event time, and silent customers' due work would wait for ever.
        DataStream<CustomerEvent> events =
                decoded.transform("restored-event-time", decoded.getType(), new RestoredEventTime<>())
                        .uid(Uids.RESTORED_EVENT_TIME);

        SingleOutputStreamOperator<DeadLetter> catalogRejects =
                catalogUpdates
                        .filter(u -> u.isRejected())
                        .uid(Uids.CATALOG_REJECTS)
                        .name("catalog-rejects")
                        .map(u -> u.deadLetter)
                        .uid(Uids.CATALOG_REJECTS + "-unwrap")
                        .name("catalog-rejects-unwrap")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .returns(TypeInformation.of(DeadLetter.class));

        // The value pyramid is relative to the population, so its thresholds come from a side
        // branch that sees every buyer: a small keyed tracker (score and last purchase per
        // customer) feeds one population sketch, whose thresholds are broadcast into the main
        // operator. Decisions use the thresholds as currently known and never wait for them; an
        // event is segmented by the set valid at its own time among those that have arrived.
        SingleOutputStreamOperator<PyramidThresholds> populationValue =
                events.filter(PersonalizationPipeline::changesValue)
                        .uid(Uids.VALUE_EVENTS)
                        .name("value-events")
                        .keyBy(e -> e.customerId)
                        .process(
                                new CustomerValueTracker(
                                        settings.customerModel.inactiveAfter,
                                        settings.customerModel.valueHalfLife,
                                        settings.customerModel.forgetRetention))
                        .uid(Uids.CUSTOMER_VALUE_TRACKER)
                        .name("customer-value-tracker")
                        .keyBy(change -> 0)
                        .process(new PopulationValueFunction(pyramid.shares(), pyramid.period()))
                        .uid(Uids.POPULATION_VALUE)
                        .name("population-value")
                        .setParallelism(1)
                        .setMaxParallelism(1);
        DataStream<ControlUpdate> thresholds =
                asControlUpdates(populationValue, Uids.POPULATION_VALUE, "pyramid-thresholds", ControlUpdate::of);

        // Rejected catalog entries are broadcast too and ignored by the operator: simpler than a
        // second split, and the catalog is small. Parallelism 1 like the source, so it is chained
        // to it and the changes are broadcast from one subtask in topic order: spread over several
        // subtasks, they would reach the keyed operator in any order, and the catalog version (the
        // highest applied) could say "caught up" while earlier changes were still on their way.
        DataStream<ControlUpdate> catalog =
                catalogUpdates
                        .map(ControlUpdate::of)
                        .uid(Uids.OFFER_CATALOG_SOURCE + "-control")
                        .name("catalog-control")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .setParallelism(1)
                        .returns(TypeInformation.of(ControlUpdate.class));
        // Co-purchase associations: another branch from the purchases (and forgets), keyed by customer (pairs
        // within a basket and with what they bought lately), then by product (decayed counts,
        // top K). Emitted on event-time timers; used as currently known, like the thresholds.
        SingleOutputStreamOperator<ItemAssociations> itemAssociations =
                events.filter(BasketPairsFunction::isInput)
                        .uid(Uids.PURCHASES_FOR_ASSOCIATIONS)
                        .name("purchases-for-associations")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .keyBy(BasketPairsFunction::keyOf)
                        .process(new BasketPairsFunction(learning.basketWindow(), BasketPairsFunction.DEFAULT_MAX_RECENT_PRODUCTS))
                        .uid(Uids.BASKET_PAIRS)
                        .name("basket-pairs")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .keyBy(ItemAssociationsFunction::keyOf)
                        .process(
                                new ItemAssociationsFunction(
                                        learning.associationHalfLife(),
                                        learning.associationsPerProduct(),
                                        learning.publishInterval(),
                                        ItemAssociationsFunction.DEFAULT_MIN_SUPPORT))
                        .uid(Uids.ITEM_ASSOCIATIONS)
                        .name("item-associations");
        DataStream<ControlUpdate> associations =
                asControlUpdates(itemAssociations, Uids.ITEM_ASSOCIATIONS, "item-associations", ControlUpdate::of)
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS);

        // The closed loop: what the personalization operator sent and what converted comes back
        // through Kafka (Flink 2 has no iterations), is counted per offer and segment, and is
        // broadcast back as response rates. The loop's input depends on the job's own output, so
        // it takes no part in event time (it could never let the watermark pass what it has not
        // produced yet): rates apply from when they arrive, like a catalog change.
        SingleOutputStreamOperator<ResponseStats> responseStats =
                feedback.keyBy(FeedbackDedup::keyOf)
                        .process(new FeedbackDedup(FEEDBACK_MEMORY))
                        .uid(Uids.FEEDBACK_DEDUP)
                        .name("offer-feedback-dedup")
                        .flatMap(new FeedbackFanOut())
                        .uid(Uids.FEEDBACK_FAN_OUT)
                        .name("offer-feedback-fan-out")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .keyBy(ResponseStatsFunction::keyOf)
                        .process(new ResponseStatsFunction(learning.responseHalfLife(), learning.publishInterval()))
                        .uid(Uids.RESPONSE_STATS)
                        .name("response-stats");
        DataStream<ControlUpdate> responseRates =
                asControlUpdates(responseStats, Uids.RESPONSE_STATS, "response-stats", ControlUpdate::of)
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS);

        // Broadcast by partitioning and the operator named (not BroadcastConnectedStream#process),
        // because PersonalizationOperator adds the customer cache to Flink's broadcast operator;
        // the broadcast states are the same.
        DataStream<ControlUpdate> control = catalog.union(thresholds, associations, responseRates).broadcast();

        SingleOutputStreamOperator<RedisUpdate> perCustomer =
                events.keyBy(e -> e.customerId)
                        .connect(control)
                        .transform(
                                "personalization",
                                TypeInformation.of(RedisUpdate.class),
                                new PersonalizationOperator(new PersonalizationFunction(settings), customerCache))
                        .uid(Uids.PERSONALIZATION);
        DataStream<CustomerSignal> signals = perCustomer.getSideOutput(PersonalizationFunction.SIGNALS);
        DataStream<Decision> decisions = perCustomer.getSideOutput(PersonalizationFunction.DECISIONS);
        DataStream<OfferFeedback> feedbackOut = perCustomer.getSideOutput(PersonalizationFunction.FEEDBACK);

        DataStream<RedisUpdate> movements =
                signals.filter(s -> s.getType() == SignalType.SEGMENT_MOVEMENT)
                        .uid(Uids.MOVEMENT_MATRIX + "-filter")
                        .name("segment-movements")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS)
                        .keyBy(MovementMatrixFunction::dayOf)
                        .process(new MovementMatrixFunction(pyramid.movementMatrixTtl(), Duration.ofDays(1)))
                        .uid(Uids.MOVEMENT_MATRIX)
                        .name("movement-matrix")
                        .setBufferTimeout(SIDE_BRANCH_BUFFER_TIMEOUT_MS);

        DataStream<DeadLetter> deadLetters =
                decoded.getSideOutput(DeadLetterRouter.DEAD_LETTERS).union(catalogRejects);
        return new Outputs(perCustomer.union(movements), deadLetters, signals, decisions, feedbackOut);
    }

    /** Purchases move a customer's value; a forget-me or a reset takes them out of the population. */
    static boolean changesValue(CustomerEvent e) {
        return e.purchase != null
                || (e.update != null
                        && (e.update.getType() == CustomerUpdateType.FORGET_ME
                                || e.update.getType() == CustomerUpdateType.RESET));
    }

    /**
     * What a learning branch emits, as control updates for the personalization operator. They
     * take no part in event time: a decision uses them as currently known and never waits for
     * them. Same parallelism as the branch, so the two operators chain to it (the population
     * sketch is one subtask, and its updates reach the operator in the order it made them).
     */
    private static <T> SingleOutputStreamOperator<ControlUpdate> asControlUpdates(
            SingleOutputStreamOperator<T> learned, String uid, String name, MapFunction<T, ControlUpdate> toUpdate) {
        SingleOutputStreamOperator<T> outOfEventTime =
                learned.assignTimestampsAndWatermarks(CatalogWatermarks.alwaysIdle())
                        .uid(uid + "-no-event-time")
                        .name(name + "-no-event-time");
        SingleOutputStreamOperator<ControlUpdate> updates =
                outOfEventTime.map(toUpdate)
                        .uid(uid + "-control")
                        .name(name + "-control")
                        .returns(TypeInformation.of(ControlUpdate.class));
        if (learned.getParallelism() == 1) {
            outOfEventTime.setParallelism(1);
            updates.setParallelism(1);
        }
        return updates;
    }
}
