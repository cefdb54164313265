package io.kairos.job;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerValueTracker;
import io.kairos.customer.MovementMatrixFunction;
import io.kairos.customer.PopulationValueFunction;
import io.kairos.customer.PyramidShares;
import io.kairos.decide.ControlUpdate;
import io.kairos.decide.PersonalizationFunction;
import io.kairos.decide.PersonalizationSettings;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.CustomerSignal;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.DeadLetter;
import io.kairos.events.SignalType;
import io.kairos.ingest.CustomerEvent;
import io.kairos.ingest.DeadLetterRouter;
import io.kairos.ingest.IngestRecord;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The graph between the inputs and the outputs, without knowing where they come from: the job
 * plugs in Kafka and Redis, tests can plug in what they like. Every stateful operator has a
 * stable uid (the {@link Uids}), so savepoints survive upgrades.
 */
public final class PersonalizationPipeline {
    private PersonalizationPipeline() {}

    /** The stable operator ids. Renaming one orphans its state in every savepoint. */
    public static final class Uids {
        public static final String CUSTOMER_EVENTS_SOURCE = "customer-events-source";
        public static final String OFFER_CATALOG_SOURCE = "offer-catalog-source";
        public static final String DEAD_LETTER_ROUTER = "dead-letter-router";
        public static final String CATALOG_REJECTS = "catalog-rejects";
        public static final String PERSONALIZATION = "personalization";
        public static final String VALUE_EVENTS = "value-events";
        public static final String CUSTOMER_VALUE_TRACKER = "customer-value-tracker";
        public static final String POPULATION_VALUE = "population-value";
        public static final String MOVEMENT_MATRIX = "movement-matrix";
        public static final String REDIS_SINK = "redis-message-sink";
        public static final String DEAD_LETTER_SINK = "dead-letter-sink";
        public static final String SIGNAL_SINK = "customer-signal-sink";

        private Uids() {}
    }

    /** What the pipeline produces. */
    public static final class Outputs {
        /** Messages, profiles, forgets and movement counts, each customer's in causal order. */
        public final DataStream<RedisUpdate> redisUpdates;
        public final DataStream<DeadLetter> deadLetters;
        public final DataStream<CustomerSignal> signals;

        Outputs(DataStream<RedisUpdate> redisUpdates, DataStream<DeadLetter> deadLetters, DataStream<CustomerSignal> signals) {
            this.redisUpdates = redisUpdates;
            this.deadLetters = deadLetters;
            this.signals = signals;
        }
    }

    /** Settings of the population side of the value pyramid. */
    public static final class PyramidSettings {
        final PyramidShares shares;
        final Duration period;
        final Duration movementMatrixTtl;

        public PyramidSettings(PyramidShares shares, Duration period, Duration movementMatrixTtl) {
            this.shares = shares;
            this.period = period;
            this.movementMatrixTtl = movementMatrixTtl;
        }
    }

    public static Outputs build(
            DataStream<IngestRecord> customerRecords,
            DataStream<CatalogUpdate> catalogUpdates,
            PersonalizationSettings settings,
            PyramidSettings pyramid) {
        SingleOutputStreamOperator<CustomerEvent> events =
                customerRecords
                        .process(new DeadLetterRouter())
                        .uid(Uids.DEAD_LETTER_ROUTER)
                        .name("decode-or-dead-letter");

        SingleOutputStreamOperator<DeadLetter> catalogRejects =
                catalogUpdates
                        .filter(u -> u.isRejected())
                        .uid(Uids.CATALOG_REJECTS)
                        .name("catalog-rejects")
                        .map(u -> u.deadLetter)
                        .uid(Uids.CATALOG_REJECTS + "-unwrap")
                        .name("catalog-rejects-unwrap")
                        .returns(TypeInformation.of(DeadLetter.class));

        // The value pyramid is relative to the population, so its thresholds come from a side
        // branch that sees every buyer: a small keyed tracker (score and last purchase per
        // customer) feeds one population sketch, whose thresholds are broadcast into the main
        // operator. A branch, not a loop back from the main operator: Flink 2 has no iterations,
        // and a loop through Kafka would let the thresholds race the events they were made from,
        // so a replay at another speed would segment differently. Here the thresholds carry
        // watermarks, and an event is decided only once the thresholds of its time have arrived.
        DataStream<ControlUpdate> thresholds =
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
                        .process(new PopulationValueFunction(pyramid.shares, pyramid.period))
                        .uid(Uids.POPULATION_VALUE)
                        .name("population-value")
                        .setParallelism(1)
                        .setMaxParallelism(1)
                        .map(ControlUpdate::of)
                        .uid(Uids.POPULATION_VALUE + "-control")
                        .name("pyramid-thresholds")
                        .setParallelism(1)
                        .returns(TypeInformation.of(ControlUpdate.class));

        // Rejected catalog entries are broadcast too and ignored by the operator: simpler than a
        // second split, and the catalog is small.
        DataStream<ControlUpdate> catalog =
                catalogUpdates
                        .map(ControlUpdate::of)
                        .uid(Uids.OFFER_CATALOG_SOURCE + "-control")
                        .name("catalog-control")
                        .returns(TypeInformation.of(ControlUpdate.class));
        BroadcastStream<ControlUpdate> control =
                catalog.union(thresholds)
                        .broadcast(OfferCatalog.DESCRIPTOR, PersonalizationFunction.THRESHOLDS);

        SingleOutputStreamOperator<RedisUpdate> perCustomer =
                events.keyBy(e -> e.customerId)
                        .connect(control)
                        .process(new PersonalizationFunction(settings))
                        .uid(Uids.PERSONALIZATION)
                        .name("personalization");
        DataStream<CustomerSignal> signals = perCustomer.getSideOutput(PersonalizationFunction.SIGNALS);

        DataStream<RedisUpdate> movements =
                signals.filter(s -> s.getType() == SignalType.SEGMENT_MOVEMENT)
                        .uid(Uids.MOVEMENT_MATRIX + "-filter")
                        .name("segment-movements")
                        .keyBy(MovementMatrixFunction::dayOf)
                        .process(new MovementMatrixFunction(pyramid.movementMatrixTtl, Duration.ofDays(1)))
                        .uid(Uids.MOVEMENT_MATRIX)
                        .name("movement-matrix");

        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(DeadLetterRouter.DEAD_LETTERS).union(catalogRejects);
        return new Outputs(perCustomer.union(movements), deadLetters, signals);
    }

    /** Purchases move a customer's value; a forget-me or a reset takes them out of the population. */
    static boolean changesValue(CustomerEvent e) {
        return e.purchase != null
                || (e.update != null
                        && (e.update.getType() == CustomerUpdateType.FORGET_ME
                                || e.update.getType() == CustomerUpdateType.RESET));
    }
}
