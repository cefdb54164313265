package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.kairos.events.Channel;
import io.kairos.schemas.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option of the personalization job, under the prefix {@code kairos.}. Each can be given in
 * the configuration file ({@code --config kairos.yaml}), as an environment variable named after it
 * ({@code KAIROS_REDIS_URI}, or {@code KAIROS_REDIS_URI_FILE} naming a file that holds the value,
 * as Kubernetes mounts secrets), or as a program argument ({@code --kairos.redis.uri redis://...});
 * see {@link JobConfig}.
 */
public final class KairosOptions {
    public static final String PREFIX = "kairos.";

    /** Where to start reading when the consumer group has no committed offsets. */
    public enum StartingOffsets {
        /** Resume from the group's committed offsets; from the earliest where there are none. */
        COMMITTED_OR_EARLIEST,
        EARLIEST,
        LATEST,
        /** The first record at or after {@code kairos.kafka.starting-timestamp}: a replay from a time. */
        TIMESTAMP
    }

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            key("kairos.kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers, host:port[,host:port]. Required.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            key("kairos.kafka.group-id")
                    .stringType()
                    .defaultValue("kairos-personalization")
                    .withDescription(
                            "Consumer group id. The job commits offsets on checkpoints for lag"
                                    + " monitoring; its position of record is in its checkpoints.");

    public static final ConfigOption<StartingOffsets> KAFKA_STARTING_OFFSETS =
            key("kairos.kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED_OR_EARLIEST)
                    .withDescription(
                            "Where a job without checkpoint or savepoint starts reading. A restored"
                                    + " job always resumes where its checkpoint or savepoint was.");

    public static final ConfigOption<String> KAFKA_STARTING_TIMESTAMP =
            key("kairos.kafka.starting-timestamp")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "With starting-offsets TIMESTAMP: an ISO-8601 instant"
                                    + " (2026-11-01T00:00:00Z) or epoch milliseconds; each partition"
                                    + " starts at its first record at or after it.");

    /** How the job talks to Kafka: Kafka's {@code security.protocol}. */
    public enum KafkaSecurityProtocol {
        PLAINTEXT,
        SSL,
        SASL_PLAINTEXT,
        SASL_SSL
    }

    public static final ConfigOption<KafkaSecurityProtocol> KAFKA_SECURITY_PROTOCOL =
            key("kairos.kafka.security-protocol")
                    .enumType(KafkaSecurityProtocol.class)
                    .defaultValue(KafkaSecurityProtocol.PLAINTEXT)
                    .withDescription(
                            "Kafka security protocol for every source and sink of the job. SASL_*"
                                    + " needs sasl-username and sasl-password; SSL and SASL_SSL use"
                                    + " ssl-truststore-location if given, else the JVM's trusted CAs.");

    public static final ConfigOption<String> KAFKA_SASL_MECHANISM =
            key("kairos.kafka.sasl-mechanism")
                    .stringType()
                    .defaultValue("SCRAM-SHA-512")
                    .withDescription("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

    public static final ConfigOption<String> KAFKA_SASL_USERNAME =
            key("kairos.kafka.sasl-username")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("SASL user of the job.");

    public static final ConfigOption<String> KAFKA_SASL_PASSWORD =
            key("kairos.kafka.sasl-password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "SASL password of the job. A secret: give it as the environment variable"
                                    + " KAIROS_KAFKA_SASL_PASSWORD, or KAIROS_KAFKA_SASL_PASSWORD_FILE"
                                    + " naming a file that holds it; never logged.");

    public static final ConfigOption<String> KAFKA_SSL_TRUSTSTORE_LOCATION =
            key("kairos.kafka.ssl-truststore-location")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Truststore (PKCS12, JKS or PEM) with the CA of the Kafka brokers.");

    public static final ConfigOption<String> KAFKA_SSL_TRUSTSTORE_TYPE =
            key("kairos.kafka.ssl-truststore-type")
                    .stringType()
                    .defaultValue("PKCS12")
                    .withDescription("Type of the truststore: PKCS12, JKS or PEM.");

    public static final ConfigOption<String> KAFKA_SSL_TRUSTSTORE_PASSWORD =
            key("kairos.kafka.ssl-truststore-password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password of the truststore, if it has one. A secret, like sasl-password.");

    public static final ConfigOption<List<String>> EVENTS_TOPICS =
            key("kairos.events.topics")
                    .stringType()
                    .asList()
                    .defaultValues(Topics.CUSTOMER_EVENTS)
                    .withDescription(
                            "Kafka topics of customer events (CustomerEventEnvelope values, key customerId,"
                                    + " and clock ticks), separated by ';'. On one topic a customer's"
                                    + " events are decided in their partition's order; across several"
                                    + " topics the order is arrival order.");

    public static final ConfigOption<String> TOPIC_OFFER_CATALOG =
            topic("offer-catalog", Topics.OFFER_CATALOG);
    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            topic("dead-letters", Topics.DEAD_LETTERS);

    public static final ConfigOption<String> REDIS_URI =
            key("kairos.redis.uri")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Redis URI, redis://[user:password@]host:port[/db]. Required.");

    public static final ConfigOption<Integer> REDIS_BATCH_SIZE =
            key("kairos.redis.batch-size")
                    .intType()
                    .defaultValue(200)
                    .withDescription("Messages per Redis pipeline round trip.");

    public static final ConfigOption<Duration> REDIS_MAX_BUFFER_DELAY =
            key("kairos.redis.max-buffer-delay")
                    .durationType()
                    .defaultValue(io.kairos.deliver.RedisSinkConfig.DEFAULT_MAX_BUFFER_DELAY)
                    .withDescription(
                            "Longest an update waits in the sink's buffer before it is written: bounds"
                                    + " latency when traffic is light (under load batches fill first);"
                                    + " 0 writes every update at once, one round trip each.");

    public static final ConfigOption<Integer> REDIS_MAX_OFFERS_PER_CUSTOMER =
            key("kairos.redis.max-offers-per-customer")
                    .intType()
                    .defaultValue(20)
                    .withDescription(
                            "Most offers kept in a customer's offer list; the lowest-scored give way.");

    public static final ConfigOption<Long> REDIS_STREAM_MAX_LENGTH =
            key("kairos.redis.stream-max-length")
                    .longType()
                    .defaultValue(1_000_000L)
                    .withDescription(
                            "Approximate cap on each push channel's stream (XADD MAXLEN ~): a"
                                    + " consumer further behind than this loses the oldest entries.");

    // --- Redis: cluster, security, outages (contract v3, docs/REDIS-CONTRACT.md) ---

    public static final ConfigOption<Boolean> REDIS_CLUSTER =
            key("kairos.redis.cluster")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Whether kairos.redis.uri names a seed node of a Redis Cluster.");

    public static final ConfigOption<String> REDIS_USER =
            key("kairos.redis.user")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Redis ACL user (wins over a user in the URI).");

    public static final ConfigOption<String> REDIS_PASSWORD =
            key("kairos.redis.password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Redis password; best from the environment (KAIROS_REDIS_PASSWORD) or"
                                    + " kairos.redis.password-file. Never logged.");

    public static final ConfigOption<String> REDIS_PASSWORD_FILE =
            key("kairos.redis.password-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File holding the Redis password (e.g. a mounted secret), read by each"
                                    + " task when it connects.");

    public static final ConfigOption<String> REDIS_TRUSTSTORE =
            key("kairos.redis.tls.truststore")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Trust store (JKS/PKCS12) for a rediss:// URI; the JVM's default if unset.");

    public static final ConfigOption<String> REDIS_TRUSTSTORE_PASSWORD =
            key("kairos.redis.tls.truststore-password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password of the trust store. Never logged.");

    public static final ConfigOption<Duration> REDIS_TIMEOUT =
            key("kairos.redis.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Connect and socket timeout of Redis calls.");

    public static final ConfigOption<Duration> REDIS_RETRY_TIMEOUT =
            key("kairos.redis.retry-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long the sink retries a failed batch (blocking, so the job is"
                                    + " backpressured) before it fails the task and Flink restores"
                                    + " from the last checkpoint.");

    public static final ConfigOption<Duration> REDIS_MAX_BACKOFF =
            key("kairos.redis.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Longest wait between two retries of a batch.");

    public static final ConfigOption<Duration> REDIS_DEDUP_GRACE =
            key("kairos.redis.dedup-grace")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How long a message's dedup marker outlives the message (covers clock"
                                    + " skew between the job and Redis).");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("kairos.events.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How late an event may be within one Kafka partition.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            key("kairos.events.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long no longer holds back event"
                                    + " time.");

    public static final ConfigOption<Duration> CART_ABANDONMENT_DELAY =
            key("kairos.cart.abandonment-delay")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "Event time after the last cart change without checkout before a"
                                    + " cart reminder is due.");

    public static final ConfigOption<List<Channel>> CART_REMINDER_CHANNELS =
            key("kairos.cart.reminder-channels")
                    .enumType(Channel.class)
                    .asList()
                    .defaultValues(Channel.PUSH, Channel.EMAIL, Channel.SMS, Channel.APP)
                    .withDescription(
                            "Channels for cart reminders, most preferred first; the first one the"
                                    + " customer consented to is used.");

    public static final ConfigOption<Duration> OFFER_COOLDOWN =
            key("kairos.offer.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("The same offer is not sent to the same customer again within this.");

    public static final ConfigOption<Duration> MESSAGE_TTL =
            key("kairos.message.ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(3))
                    .withDescription("How long a message stays valid after the moment that caused it.");

    public static final ConfigOption<Boolean> DUE_WORK_IN_LINE =
            key("kairos.due-work.in-line")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Due work (cart reminder, review, birthday, replenishment, held messages) runs"
                                    + " before a later event of the same customer, as of its due time. Keep it"
                                    + " on: off only shows, in a test, that a history then depends on replay speed.");

    public static final ConfigOption<String> TOPIC_CUSTOMER_SIGNALS =
            topic("customer-signals", Topics.CUSTOMER_SIGNALS);

    public static final ConfigOption<String> TOPIC_DECISIONS = topic("decisions", Topics.DECISIONS);

    public static final ConfigOption<String> TOPIC_OFFER_FEEDBACK =
            topic("offer-feedback", Topics.OFFER_FEEDBACK);

    // ---- Contact policy: caps, quiet hours, timing, suppression, holdout ----

    public static final ConfigOption<Integer> CONTACT_CAP_PER_DAY =
            key("kairos.contact.cap-per-day")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Most promotional messages to one customer in any 24 hours, all channels"
                                    + " (transactional ones do not count).");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_WEEK =
            key("kairos.contact.cap-per-week")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Most promotional messages to one customer in any 7 days, all channels.");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_CHANNEL_PER_DAY =
            key("kairos.contact.cap-per-channel-per-day")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Most promotional messages to one customer on one channel in any 24 hours.");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_CHANNEL_PER_WEEK =
            key("kairos.contact.cap-per-channel-per-week")
                    .intType()
                    .defaultValue(6)
                    .withDescription("Most promotional messages to one customer on one channel in any 7 days.");

    public static final ConfigOption<String> CONTACT_QUIET_HOURS_START =
            key("kairos.contact.quiet-hours-start")
                    .stringType()
                    .defaultValue("21:00")
                    .withDescription(
                            "Local time (HH:mm, the customer's time zone) from which email, SMS, push"
                                    + " and call-center messages are held; equal to the end: no quiet hours.");

    public static final ConfigOption<String> CONTACT_QUIET_HOURS_END =
            key("kairos.contact.quiet-hours-end")
                    .stringType()
                    .defaultValue("08:00")
                    .withDescription("Local time (HH:mm) at which held messages are released.");

    public static final ConfigOption<String> CONTACT_DEFAULT_TIME_ZONE =
            key("kairos.contact.default-time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription("IANA time zone of customers who did not tell us theirs.");

    public static final ConfigOption<Duration> CONTACT_ACTIVE_SESSION =
            key("kairos.contact.active-session")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "A customer who clicked within this is in a session: web or app gets the"
                                    + " message now.");

    public static final ConfigOption<Integer> CONTACT_BEST_HOUR_MIN_RESPONSES =
            key("kairos.contact.best-hour-min-responses")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Responses needed before a non-urgent message waits for the customer's most"
                                    + " responsive hour of day.");

    public static final ConfigOption<Duration> CONTACT_SUPPRESS_AFTER_CONVERSION =
            key("kairos.contact.suppress-after-conversion")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("An offer the customer converted on is not sent to them again within this.");

    public static final ConfigOption<Integer> CONTACT_DISMISSALS_PER_OFFER =
            key("kairos.contact.dismissals-per-offer")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Dismissals of one offer after which it is suppressed for the customer.");

    public static final ConfigOption<Integer> CONTACT_DISMISSALS_OVERALL =
            key("kairos.contact.dismissals-overall")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Dismissals of any offers within the dismissal window after which all"
                                    + " promotional messages to the customer pause.");

    public static final ConfigOption<Duration> CONTACT_DISMISSAL_WINDOW =
            key("kairos.contact.dismissal-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription("Window in which overall dismissals are counted.");

    public static final ConfigOption<Duration> CONTACT_SUPPRESS_AFTER_DISMISSALS =
            key("kairos.contact.suppress-after-dismissals")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription("How long a suppression after dismissals lasts.");

    public static final ConfigOption<Double> HOLDOUT_SHARE =
            key("kairos.holdout.share")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "Share of customers (deterministic per customer and trigger, 0..0.5) who get"
                                    + " no message: the control group for uplift. Their decisions are audited.");

    public static final ConfigOption<java.util.Map<String, String>> HOLDOUT_SHARE_BY_TRIGGER =
            key("kairos.holdout.share-by-trigger")
                    .mapType()
                    .defaultValue(java.util.Map.of())
                    .withDescription(
                            "Holdout share per trigger, overriding kairos.holdout.share, e.g."
                                    + " 'CART_ABANDONMENT:0.05,WIN_BACK:0.2'.");

    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW =
            key("kairos.attribution.window")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A purchase of an offered product within this after the message converts"
                                    + " the offer.");

    // ---- Moments ----

    public static final ConfigOption<Integer> BROWSE_PRODUCT_VIEWS =
            key("kairos.moments.browse-product-views")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Views of one product without a purchase that make a browse-intent moment.");

    public static final ConfigOption<Integer> BROWSE_CATEGORY_VIEWS =
            key("kairos.moments.browse-category-views")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Views in one category without a purchase that make a browse-intent moment.");

    public static final ConfigOption<Duration> BROWSE_WINDOW =
            key("kairos.moments.browse-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("Views count toward browse intent within this.");

    public static final ConfigOption<String> BIRTHDAY_GREET_AT =
            key("kairos.moments.birthday-greet-at")
                    .stringType()
                    .defaultValue("09:00")
                    .withDescription("Local time (HH:mm) of the birthday greeting.");

    public static final ConfigOption<Duration> REPLENISHMENT_LEAD =
            key("kairos.moments.replenishment-lead")
                    .durationType()
                    .defaultValue(Duration.ofDays(3))
                    .withDescription(
                            "The replenishment reminder is due this long before a consumable's expected"
                                    + " repurchase.");

    // ---- Learning: response rates and co-purchase associations ----

    public static final ConfigOption<Duration> LEARNING_RESPONSE_HALF_LIFE =
            key("kairos.learning.response-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of the sends and conversions counted per offer and segment.");

    public static final ConfigOption<Duration> LEARNING_ASSOCIATION_HALF_LIFE =
            key("kairos.learning.association-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of co-purchase counts.");

    public static final ConfigOption<Duration> LEARNING_BASKET_WINDOW =
            key("kairos.learning.basket-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "Products a customer bought within this of each other count as bought"
                                    + " together.");

    public static final ConfigOption<Integer> LEARNING_ASSOCIATIONS_PER_PRODUCT =
            key("kairos.learning.associations-per-product")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Co-purchased products kept (and offered from) per product.");

    public static final ConfigOption<Duration> LEARNING_PUBLISH_INTERVAL =
            key("kairos.learning.publish-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "Event time between two broadcasts of a changed response rate or association"
                                    + " list: bounds the broadcast volume.");

    // ---- The customer model: profile, lifecycle, value pyramid, churn early warning ----

    public static final ConfigOption<List<Duration>> CUSTOMER_ACTIVITY_HORIZONS =
            key("kairos.customer.activity-horizons")
                    .durationType()
                    .asList()
                    .defaultValues(Duration.ofDays(7), Duration.ofDays(90))
                    .withDescription(
                            "Time constants of the decayed activity rates (views, sessions,"
                                    + " purchases), shortest first, separated by ';'. The first is"
                                    + " the short horizon, the last the long-horizon baseline.");

    public static final ConfigOption<Duration> CUSTOMER_SESSION_GAP =
            key("kairos.customer.session-gap")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription("Clicks further apart than this belong to different sessions.");

    public static final ConfigOption<Duration> CUSTOMER_AFFINITY_HALF_LIFE =
            key("kairos.customer.affinity-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of a customer's interest in a category.");

    public static final ConfigOption<Integer> CUSTOMER_AFFINITY_TOP_K =
            key("kairos.customer.affinity-top-k")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Categories kept per customer; the weakest gives way.");

    public static final ConfigOption<Integer> CUSTOMER_LOYAL_MIN_PURCHASES =
            key("kairos.customer.loyal-min-purchases")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Purchases within kairos.customer.loyal-window that make a customer"
                                    + " LOYAL (2 to 6).");

    public static final ConfigOption<Duration> CUSTOMER_LOYAL_WINDOW =
            key("kairos.customer.loyal-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("The period over which repeat purchases make a customer LOYAL.");

    public static final ConfigOption<Duration> CUSTOMER_STATE_RETENTION =
            key("kairos.customer.state-retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(730))
                    .withDescription(
                            "A customer silent for this long (event time) is removed from state:"
                                    + " gone for good. At least kairos.pyramid.inactive-after.");

    public static final ConfigOption<Duration> CUSTOMER_FORGET_RETENTION =
            key("kairos.customer.forget-retention")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "After a FORGET_ME, events for the same customer id are dropped for"
                                    + " this long, so late or replayed events bring nothing back.");

    public static final ConfigOption<Duration> CUSTOMER_PROFILE_TTL =
            key("kairos.customer.profile-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("The Redis profile expires this long after the customer was last seen.");

    public static final ConfigOption<Duration> CUSTOMER_PROFILE_REFRESH =
            key("kairos.customer.profile-refresh")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "The Redis profile is written when it changes, and at most this stale"
                                    + " while the customer is active (last seen, expiry).");

    public static final ConfigOption<Double> PYRAMID_TOP_SHARE =
            share("top-share", 0.01, "Share of active buyers in the TOP segment.");
    public static final ConfigOption<Double> PYRAMID_HIGH_SHARE =
            share("high-share", 0.04, "Share of active buyers in the HIGH segment.");
    public static final ConfigOption<Double> PYRAMID_MIDDLE_SHARE =
            share("middle-share", 0.15, "Share of active buyers in the MIDDLE segment; the rest are LOW.");

    public static final ConfigOption<Duration> PYRAMID_INACTIVE_AFTER =
            key("kairos.pyramid.inactive-after")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("A buyer without a purchase for this long is INACTIVE, outside the active pyramid.");

    public static final ConfigOption<Duration> PYRAMID_VALUE_HALF_LIFE =
            key("kairos.pyramid.value-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(365))
                    .withDescription("Half-life of the spend that ranks customers in the pyramid.");

    public static final ConfigOption<Duration> PYRAMID_PERIOD =
            key("kairos.pyramid.period")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How often (event time) the pyramid thresholds are recomputed from the"
                                    + " population and broadcast.");

    public static final ConfigOption<Duration> PYRAMID_SEGMENT_REVIEW =
            key("kairos.pyramid.segment-review")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "An active buyer's segment is re-evaluated at least this often (event"
                                    + " time) without events of theirs: the pyramid follows the"
                                    + " population, and their own spend decays. One timer per buyer"
                                    + " and interval.");

    public static final ConfigOption<Duration> PYRAMID_MOVEMENT_TTL =
            key("kairos.pyramid.movement-matrix-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("How long a day's movement matrix stays in Redis after the day.");

    public static final ConfigOption<Double> CHURN_SILENCE_FACTOR =
            key("kairos.churn.silence-factor")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "A buyer is overdue (silence warning, LAPSED) after this many times their"
                                    + " own typical gap between purchases. Above 1.");

    public static final ConfigOption<Duration> CHURN_DEFAULT_PURCHASE_GAP =
            key("kairos.churn.default-purchase-gap")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription("The gap assumed for a one-time buyer, who has no rhythm of their own yet.");

    public static final ConfigOption<Duration> CHURN_MIN_PURCHASE_GAP =
            key("kairos.churn.min-purchase-gap")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription("Shorter gaps count as this long: two orders in one evening are not a rhythm.");

    public static final ConfigOption<Double> CHURN_P_ALIVE_THRESHOLD =
            key("kairos.churn.p-alive-threshold")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription("P(alive) below this is a churn warning. Between 0 and 1.");

    public static final ConfigOption<Double> CHURN_BGNBD_R = bgNbd("r", 0.243, "shape of the purchase-rate gamma");
    public static final ConfigOption<Double> CHURN_BGNBD_ALPHA =
            bgNbd("alpha", 4.414 * 7, "scale of the purchase-rate gamma, in days");
    public static final ConfigOption<Double> CHURN_BGNBD_A = bgNbd("a", 0.793, "first shape of the dropout beta");
    public static final ConfigOption<Double> CHURN_BGNBD_B = bgNbd("b", 2.426, "second shape of the dropout beta");

    public static final ConfigOption<Double> CHURN_ACTIVITY_DROP_RATIO =
            key("kairos.churn.activity-drop-ratio")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Short-horizon sessions below this share of the long-horizon baseline"
                                    + " are an activity drop. Between 0 and 1.");

    public static final ConfigOption<Double> CHURN_ACTIVITY_DROP_MIN_SESSIONS =
            key("kairos.churn.activity-drop-min-sessions")
                    .doubleType()
                    .defaultValue(2.0)
                    .withDescription(
                            "Sessions per 30 days the long-horizon baseline needs before a drop"
                                    + " means anything.");

    public static final ConfigOption<Duration> CHURN_NEGATIVE_CUE_HALF_LIFE =
            key("kairos.churn.negative-cue-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription(
                            "Half-life of negative cues: support and unsubscribe pages, complaints,"
                                    + " dismissed offers.");

    public static final ConfigOption<Double> CHURN_RISK_ENTER =
            key("kairos.churn.risk-enter")
                    .doubleType()
                    .defaultValue(0.7)
                    .withDescription("Churn risk at or above this enters risk (CHURN_RISK_ENTERED).");

    public static final ConfigOption<Double> CHURN_RISK_EXIT =
            key("kairos.churn.risk-exit")
                    .doubleType()
                    .defaultValue(0.4)
                    .withDescription(
                            "Churn risk at or below this leaves risk (CHURN_RISK_CLEARED); below"
                                    + " kairos.churn.risk-enter so customers do not flap.");

    private KairosOptions() {}

    private static ConfigOption<Double> share(String name, double defaultShare, String description) {
        return key("kairos.pyramid." + name)
                .doubleType()
                .defaultValue(defaultShare)
                .withDescription(description + " Between 0 and 1; the three shares sum below 1.");
    }

    private static ConfigOption<Double> bgNbd(String name, double defaultValue, String what) {
        return key("kairos.churn.bgnbd." + name)
                .doubleType()
                .defaultValue(defaultValue)
                .withDescription(
                        "BG/NBD parameter " + name + " (" + what + "); refit with ./kairos fit-churn."
                                + " Positive.");
    }

    private static ConfigOption<String> topic(String name, String defaultTopic) {
        return key("kairos.topics." + name)
                .stringType()
                .defaultValue(defaultTopic)
                .withDescription("Kafka topic for " + name + ".");
    }

    /** Options whose values are never shown, in messages or logs. */
    public static boolean isSecret(ConfigOption<?> option) {
        return option.key().endsWith("password") || option.key().endsWith("secret");
    }

    /** All options declared above, for validation and documentation. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : KairosOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }

    /** The environment variable for an option: KAIROS_ + the rest of the key, upper snake case. */
    public static String envName(ConfigOption<?> option) {
        return "KAIROS_"
                + option.key()
                        .substring(PREFIX.length())
                        .toUpperCase(java.util.Locale.ROOT)
                        .replace('.', '_')
                        .replace('-', '_');
    }
}
