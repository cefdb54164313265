package io.kairos.job;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.decide.PersonalizationFunction;
import io.kairos.decide.PersonalizationSettings;
import io.kairos.events.DeadLetter;
import io.kairos.events.PersonalizedMessage;
import io.kairos.ingest.CustomerEvent;
import io.kairos.ingest.DeadLetterRouter;
import io.kairos.ingest.IngestRecord;
import io.kairos.catalog.OfferCatalog;
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
        public static final String REDIS_SINK = "redis-message-sink";
        public static final String DEAD_LETTER_SINK = "dead-letter-sink";

        private Uids() {}
    }

    /** What the pipeline produces. */
    public static final class Outputs {
        public final DataStream<PersonalizedMessage> messages;
        public final DataStream<DeadLetter> deadLetters;

        Outputs(DataStream<PersonalizedMessage> messages, DataStream<DeadLetter> deadLetters) {
            this.messages = messages;
            this.deadLetters = deadLetters;
        }
    }

    public static Outputs build(
            DataStream<IngestRecord> customerRecords,
            DataStream<CatalogUpdate> catalogUpdates,
            PersonalizationSettings settings) {
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

        // Rejected catalog entries are broadcast too and ignored by the operator: simpler than a
        // second split, and the catalog is small.
        BroadcastStream<CatalogUpdate> catalog = catalogUpdates.broadcast(OfferCatalog.DESCRIPTOR);

        SingleOutputStreamOperator<PersonalizedMessage> messages =
                events.keyBy(e -> e.customerId)
                        .connect(catalog)
                        .process(new PersonalizationFunction(settings))
                        .uid(Uids.PERSONALIZATION)
                        .name("personalization");

        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(DeadLetterRouter.DEAD_LETTERS).union(catalogRejects);
        return new Outputs(messages, deadLetters);
    }
}
