package io.kairos.job;

import io.kairos.catalog.CatalogBootstrap;
import io.kairos.catalog.CatalogDeserializer;
import io.kairos.catalog.CatalogSnapshot;
import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.CatalogWatermarks;
import io.kairos.deliver.KeyedAvroSerializer;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferFeedback;
import io.kairos.ingest.CustomerEventDeserializer;
import io.kairos.ingest.DeadLetterSerializer;
import io.kairos.ingest.EventTimeAssigner;
import io.kairos.ingest.IngestRecord;
import io.kairos.learn.OfferFeedbackDeserializer;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The personalization job: Kafka in, Redis (and dead letters to Kafka) out. Wiring only; the
 * graph is {@link PersonalizationPipeline}, the logic lives in the operators it composes.
 *
 * <pre>
 *   flink run kairos-flink-jobs-*-job.jar --kairos.kafka.bootstrap-servers kafka:9092 \
 *       --kairos.redis.uri redis://redis:6379
 * </pre>
 */
public final class PersonalizationJob {
    public static final String JOB_NAME = "kairos-personalization";
    private static final Logger LOG = LoggerFactory.getLogger(PersonalizationJob.class);
    /** How long reading the catalog at submission may take before the submission gives up. */
    private static final Duration CATALOG_READ_TIMEOUT = Duration.ofMinutes(2);

    private PersonalizationJob() {}

    public static void main(String[] args) throws Exception {
        JobConfig config;
        try {
            config = JobConfig.fromArgs(args, System.getenv());
        } catch (InvalidConfigException e) {
            System.err.println("kairos: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        wire(env, config);
        env.execute(JOB_NAME);
    }

    /**
     * Adds the whole job, with its real sources and sinks, to the environment; reads the offer
     * catalog to the end of its topic first (see {@link #bootstrapCatalog}).
     */
    public static void wire(StreamExecutionEnvironment env, JobConfig config) {
        wire(env, config, bootstrapCatalog(config));
    }

    /** The whole job, deciding its first events with {@code catalog} until the live one catches up. */
    public static void wire(StreamExecutionEnvironment env, JobConfig config, CatalogSnapshot catalog) {
        PersonalizationPipeline.Outputs outputs = engine(env, config, catalog);
        outputs.redisUpdates()
                .sinkTo(RedisSinks.fromConfig(config))
                .uid(PersonalizationPipeline.Uids.REDIS_SINK)
                .name("redis");

        // At least once; signal ids are deterministic, so consumers can drop replays.
        sinkToTopic(outputs.signals(), config, EventOptions.TOPIC_CUSTOMER_SIGNALS, CustomerSignal.class,
                CustomerSignal::getCustomerId, PersonalizationPipeline.Uids.SIGNAL_SINK, "customer-signals");

        // At least once: decision ids are deterministic, so an audit consumer can drop replays.
        sinkToTopic(outputs.decisions(), config, EventOptions.TOPIC_DECISIONS, Decision.class,
                Decision::getCustomerId, PersonalizationPipeline.Uids.DECISION_SINK, "decisions");

        // At least once: after a failure a send may be counted twice. Against counts in the
        // thousands that is noise, and exactly once would delay learning to every checkpoint.
        sinkToTopic(outputs.feedback(), config, EventOptions.TOPIC_OFFER_FEEDBACK, OfferFeedback.class,
                OfferFeedback::getOfferId, PersonalizationPipeline.Uids.FEEDBACK_SINK, "offer-feedback");

        // At least once: the raw record and its source offset identify a duplicate.
        outputs.deadLetters()
                .sinkTo(kafkaSink(config, new DeadLetterSerializer(config.get(EventOptions.TOPIC_DEAD_LETTERS))))
                .uid(PersonalizationPipeline.Uids.DEAD_LETTER_SINK)
                .name("dead-letters");
    }

    /**
     * {@code stream} to the topic of option {@code topic}, as Avro records keyed by {@code key}, at
     * least once, as the sink operator {@code uid} named {@code name}.
     */
    private static <T extends SpecificRecord> void sinkToTopic(
            DataStream<T> stream, JobConfig config, ConfigOption<String> topic, Class<T> type,
            SerializableFunction<T, String> key, String uid, String name) {
        stream.sinkTo(kafkaSink(config, new KeyedAvroSerializer<>(config.get(topic), type, key)))
                .uid(uid)
                .name(name);
    }

    private static <T> KafkaSink<T> kafkaSink(JobConfig config, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(config.kafkaSecurityProperties())
                .build();
    }

    /**
     * The job's sources and graph, without its sinks: what a benchmark puts other sinks under.
     */
    public static PersonalizationPipeline.Outputs engine(StreamExecutionEnvironment env, JobConfig config) {
        return engine(env, config, bootstrapCatalog(config));
    }

    public static PersonalizationPipeline.Outputs engine(
            StreamExecutionEnvironment env, JobConfig config, CatalogSnapshot catalog) {
        String bootstrap = config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS);
        String groupId = config.get(KafkaOptions.KAFKA_GROUP_ID);

        DataStream<IngestRecord> customerRecords = customerRecords(env, config);

        // The catalog is read whole by every run of the job (it is a compacted topic), and only
        // by one reader: it is small, and it is broadcast to every subtask anyway.
        KafkaSource<CatalogUpdate> catalogSource =
                KafkaSource.<CatalogUpdate>builder()
                        .setBootstrapServers(bootstrap)
                        .setGroupId(groupId + "-catalog")
                        .setTopics(config.get(EventOptions.TOPIC_OFFER_CATALOG))
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new CatalogDeserializer())
                        .setProperties(config.kafkaSecurityProperties())
                        .build();
        DataStream<CatalogUpdate> catalogUpdates =
                env.fromSource(catalogSource, CatalogWatermarks.strategy(), "offer-catalog")
                        .uid(PersonalizationPipeline.Uids.OFFER_CATALOG_SOURCE)
                        .setParallelism(1);

        // The learning loop reads back what the job wrote. Subscribed by pattern, so a missing
        // topic is not a start-up failure: it is picked up when created (the loop then starts
        // learning), and a fresh job group reads it from the start to rebuild the rates.
        KafkaSource<OfferFeedback> feedbackSource =
                KafkaSource.<OfferFeedback>builder()
                        .setBootstrapServers(bootstrap)
                        .setGroupId(groupId + "-feedback")
                        .setTopicPattern(Pattern.compile(Pattern.quote(config.get(EventOptions.TOPIC_OFFER_FEEDBACK))))
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new OfferFeedbackDeserializer())
                        .setProperties(config.kafkaSecurityProperties())
                        .setProperty("partition.discovery.interval.ms", "10000")
                        .build();
        DataStream<OfferFeedback> feedback =
                env.fromSource(
                                feedbackSource,
                                WatermarkStrategy.<OfferFeedback>forBoundedOutOfOrderness(
                                                config.get(EventOptions.MAX_OUT_OF_ORDERNESS))
                                        .withTimestampAssigner((f, ts) -> f.getEventTime())
                                        .withIdleness(config.get(EventOptions.IDLE_TIMEOUT)),
                                "offer-feedback")
                        .uid(PersonalizationPipeline.Uids.FEEDBACK_SOURCE);

        // Which churn parameters the job runs with, where an operator looks first after a refit.
        LOG.info("churn model: {}", config.churnModelInUse());
        return PersonalizationPipeline.build(
                customerRecords,
                catalogUpdates,
                feedback,
                config.personalizationSettings().withBootstrapCatalog(catalog),
                config.customerCacheSettings(),
                new PersonalizationPipeline.PyramidSettings(
                        config.pyramidShares(),
                        config.get(CustomerOptions.PYRAMID_PERIOD),
                        config.get(CustomerOptions.PYRAMID_MOVEMENT_TTL)),
                config.learningSettings());
    }

    /**
     * The catalog as it stands now, read to the end of its topic: every subtask decides its first
     * event with it, and the live stream (read from the start, so a restore needs no snapshot)
     * takes over once it has caught up.
     */
    public static CatalogSnapshot bootstrapCatalog(JobConfig config) {
        Properties kafka = new Properties();
        kafka.putAll(config.kafkaSecurityProperties());
        kafka.put("bootstrap.servers", config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS));
        return CatalogBootstrap.read(kafka, config.get(EventOptions.TOPIC_OFFER_CATALOG), CATALOG_READ_TIMEOUT);
    }

    /**
     * The customer event topics ({@code kairos.events.topics}) as read by the job: decoded
     * records (events, dead letters, clock ticks) with event time and watermarks assigned. One
     * source over all of them: a customer's events on one topic keep their partition's order; the
     * order across topics is the order in which the source happens to read them. Its own method so that tests can run the
     * job's real source and watermarks under operators of their own.
     */
    public static DataStream<IngestRecord> customerRecords(
            StreamExecutionEnvironment env, JobConfig config) {
        KafkaSource<IngestRecord> eventSource =
                KafkaSource.<IngestRecord>builder()
                        .setBootstrapServers(config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS))
                        .setGroupId(config.get(KafkaOptions.KAFKA_GROUP_ID))
                        .setTopics(config.customerEventTopics())
                        .setStartingOffsets(KafkaClientConfig.startingOffsets(config))
                        .setDeserializer(new CustomerEventDeserializer())
                        .setProperties(config.kafkaSourceProperties())
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .build();
        return env.fromSource(
                        eventSource,
                        EventTimeAssigner.strategy(
                                config.get(EventOptions.MAX_OUT_OF_ORDERNESS),
                                config.get(EventOptions.IDLE_TIMEOUT)),
                        "customer-events")
                .uid(PersonalizationPipeline.Uids.CUSTOMER_EVENTS_SOURCE);
    }
}
