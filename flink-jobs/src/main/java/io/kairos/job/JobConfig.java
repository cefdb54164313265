package io.kairos.job;

import io.kairos.churn.BgNbdParameters;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.customer.PyramidShares;
import io.kairos.decide.DecisionSettings;
import io.kairos.decide.PersonalizationSettings;
import io.kairos.events.Trigger;
import io.kairos.moments.Birthday;
import io.kairos.moments.BrowseIntent;
import io.kairos.moments.Replenishment;
import io.kairos.policy.FrequencyCaps;
import io.kairos.policy.Holdout;
import io.kairos.policy.QuietHours;
import io.kairos.policy.ResponseSuppression;
import io.kairos.policy.SendTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.ParameterTool;

/**
 * The job's configuration, read once at start-up from a YAML file, environment variables and
 * program arguments (later ones win), and checked whole before anything starts: a bad or unknown {@code
 * kairos.*} option stops start-up with a message that names it. Options outside {@code kairos.*}
 * are Flink's own ({@code parallelism.default}, {@code execution.checkpointing.interval}, ...) and
 * pass through to the execution environment.
 */
public final class JobConfig {
    /** The program argument naming the configuration file. */
    public static final String CONFIG_FILE_ARGUMENT = "config";

    /** The job's default of Flink's {@code execution.buffer-timeout.interval}. */
    public static final Duration NETWORK_BUFFER_TIMEOUT = Duration.ofMillis(5);

    /**
     * Kafka consumer settings of the customer event source that keep latency low: the broker
     * answers a fetch as soon as one byte is there ({@code fetch.min.bytes} 1, Kafka's default,
     * set so that it stays so); {@code fetch.max.wait.ms} only bounds a fetch that finds nothing.
     */
    static final Map<String, String> LOW_LATENCY_FETCH = Map.of(
            "fetch.min.bytes", "1",
            "fetch.max.wait.ms", "500");

    /** Fixed so that keyed state can be rescaled from a savepoint; changing it loses state. */
    public static final int MAX_PARALLELISM = 128;

    private final Configuration kairos;
    private final Configuration flink;

    private JobConfig(Configuration kairos, Configuration flink) {
        this.kairos = kairos;
        this.flink = flink;
    }

    /**
     * From program arguments ({@code --kairos.redis.uri redis://...}, and {@code --config
     * kairos.yaml} for a file) and the environment. Later sources win: the file, then environment
     * variables, then arguments.
     */
    public static JobConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>(ParameterTool.fromArgs(args).toMap());
        String file = given.remove(CONFIG_FILE_ARGUMENT);
        if (file != null && (file.isBlank() || file.equals("__NO_VALUE_KEY") /* ParameterTool's mark for a flag without value */)) {
            throw new InvalidConfigException("--" + CONFIG_FILE_ARGUMENT + " needs the path of a YAML file");
        }
        Map<String, String> fromFile = file == null ? Map.of() : ConfigFile.read(Path.of(file));
        return from(fromFile, env, given);
    }

    public static JobConfig fromMap(Map<String, String> given, Map<String, String> env) {
        return from(Map.of(), env, given);
    }

    private static JobConfig from(
            Map<String, String> fromFile, Map<String, String> env, Map<String, String> given) {
        Map<String, String> merged = new HashMap<>(fromFile);
        Set<String> optionVariables =
                KairosOptions.all().stream().map(KairosOptions::envName).collect(Collectors.toSet());
        for (ConfigOption<?> option : KairosOptions.all()) {
            String name = KairosOptions.envName(option);
            String value = env.get(name);
            // KAIROS_REDIS_PASSWORD_FILE is the option kairos.redis.password-file (a path the
            // TaskManagers read when they connect), not the password read here at submission.
            String valueFile = optionVariables.contains(name + "_FILE") ? null : env.get(name + "_FILE");
            if (value != null && valueFile != null) {
                throw new InvalidConfigException(
                        "both " + name + " and " + name + "_FILE are set; set one of them");
            }
            if (valueFile != null) {
                value = readValueFile(name + "_FILE", valueFile);
            }
            if (value != null) {
                merged.put(option.key(), value);
            }
        }
        merged.putAll(given);

        Set<String> known =
                KairosOptions.all().stream().map(ConfigOption::key).collect(Collectors.toSet());
        Configuration kairos = new Configuration();
        Configuration flink = new Configuration();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            if (e.getKey().startsWith(KairosOptions.PREFIX)) {
                if (!known.contains(e.getKey())) {
                    throw new InvalidConfigException(
                            "unknown option '" + e.getKey() + "'. Known options: "
                                    + new TreeSet<>(known));
                }
                kairos.setString(e.getKey(), e.getValue());
            } else {
                flink.setString(e.getKey(), e.getValue());
            }
        }
        JobConfig config = new JobConfig(kairos, applyFlinkDefaults(flink));
        config.validate();
        return config;
    }

    /** Production defaults that an operator may still override. */
    private static Configuration applyFlinkDefaults(Configuration flink) {
        setIfAbsent(flink, StateBackendOptions.STATE_BACKEND, "rocksdb");
        setIfAbsent(flink, CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        setIfAbsent(flink, CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        setIfAbsent(flink, PipelineOptions.MAX_PARALLELISM, MAX_PARALLELISM);
        // A missing uid must fail now, not at the first upgrade from a savepoint.
        setIfAbsent(flink, PipelineOptions.AUTO_GENERATE_UIDS, false);
        // Every type has a real serializer (POJO or Avro); a Kryo fallback is a bug.
        setIfAbsent(flink, PipelineOptions.GENERIC_TYPES, false);
        // Flink's 100 ms default lets a record wait up to 100 ms in a partly filled network
        // buffer at each exchange (two on the way to Redis) when traffic is light; under load
        // buffers fill and go out before the timeout anyway (docs/OPERATIONS.md, Latency).
        setIfAbsent(flink, ExecutionOptions.BUFFER_TIMEOUT, NETWORK_BUFFER_TIMEOUT);
        return flink;
    }

    /** A secret mounted as a file (Kubernetes, Docker): its content, without the final newline. */
    private static String readValueFile(String variable, String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException e) {
            throw new InvalidConfigException(
                    "environment variable " + variable + " names '" + path + "', which cannot be read: " + e);
        }
    }

    private static <T> void setIfAbsent(Configuration c, ConfigOption<T> option, T value) {
        if (!c.contains(option)) {
            c.set(option, value);
        }
    }

    /** Reads every option once so that a bad value fails here, naming the option. */
    private void validate() {
        required(KairosOptions.KAFKA_BOOTSTRAP_SERVERS);
        required(KairosOptions.REDIS_URI);
        String uri = get(KairosOptions.REDIS_URI);
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.REDIS_URI.key() + "' must be a redis:// or rediss:// URI, was '"
                            + io.kairos.channel.RedisEndpoint.mask(uri) + "'");
        }
        try {
            RedisSinks.endpoint(this);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("option '" + KairosOptions.REDIS_URI.key() + "': " + e.getMessage(), e);
        }
        for (ConfigOption<?> option : KairosOptions.all()) {
            get(option);
        }
        positive(KairosOptions.REDIS_BATCH_SIZE, get(KairosOptions.REDIS_BATCH_SIZE));
        positive(KairosOptions.CART_ABANDONMENT_DELAY, get(KairosOptions.CART_ABANDONMENT_DELAY));
        positive(KairosOptions.MESSAGE_TTL, get(KairosOptions.MESSAGE_TTL));
        notNegative(KairosOptions.OFFER_COOLDOWN, get(KairosOptions.OFFER_COOLDOWN));
        notNegative(KairosOptions.MAX_OUT_OF_ORDERNESS, get(KairosOptions.MAX_OUT_OF_ORDERNESS));
        positive(KairosOptions.IDLE_TIMEOUT, get(KairosOptions.IDLE_TIMEOUT));
        notNegative(KairosOptions.REDIS_MAX_BUFFER_DELAY, get(KairosOptions.REDIS_MAX_BUFFER_DELAY));
        positive(
                KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER,
                get(KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER));
        positive(KairosOptions.REDIS_STREAM_MAX_LENGTH, get(KairosOptions.REDIS_STREAM_MAX_LENGTH));
        Map<String, ConfigOption<String>> topics = new HashMap<>();
        for (ConfigOption<String> topic :
                List.of(
                        KairosOptions.TOPIC_OFFER_CATALOG,
                        KairosOptions.TOPIC_DEAD_LETTERS,
                        KairosOptions.TOPIC_CUSTOMER_SIGNALS,
                        KairosOptions.TOPIC_DECISIONS,
                        KairosOptions.TOPIC_OFFER_FEEDBACK)) {
            ConfigOption<String> other = topics.putIfAbsent(get(topic), topic);
            if (other != null) {
                throw new InvalidConfigException(
                        "option '" + topic.key() + "' names topic '" + get(topic) + "', which '" + other.key()
                                + "' already uses; every topic must be distinct");
            }
        }
        eventTopics(topics);
        if (get(KairosOptions.CART_REMINDER_CHANNELS).isEmpty()) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.CART_REMINDER_CHANNELS.key() + "' must list at least one channel");
        }
        kafkaSecurityProperties();
        if (get(KairosOptions.KAFKA_STARTING_OFFSETS) == KairosOptions.StartingOffsets.TIMESTAMP) {
            startingTimestamp();
        } else if (get(KairosOptions.KAFKA_STARTING_TIMESTAMP) != null) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is set, but '"
                            + KairosOptions.KAFKA_STARTING_OFFSETS.key() + "' is not TIMESTAMP; set both or neither");
        }
        positive(KairosOptions.PYRAMID_PERIOD, get(KairosOptions.PYRAMID_PERIOD));
        positive(KairosOptions.PYRAMID_MOVEMENT_TTL, get(KairosOptions.PYRAMID_MOVEMENT_TTL));
        pyramidShares();
        customerModelSettings();
        decisionSettings();
        learningSettings();
    }

    /**
     * The contact policy and the moments, from the kairos.contact.*, kairos.holdout.*,
     * kairos.attribution.* and kairos.moments.* options. Each rule checks its own settings; the
     * message is prefixed with the options, so the operator knows what to change.
     */
    public DecisionSettings decisionSettings() {
        ZoneId zone = zone(KairosOptions.CONTACT_DEFAULT_TIME_ZONE);
        Duration channelHalfLife = Duration.ofDays(60);
        try {
            return new DecisionSettings(
                    get(KairosOptions.OFFER_COOLDOWN),
                    new FrequencyCaps(
                            get(KairosOptions.CONTACT_CAP_PER_DAY),
                            get(KairosOptions.CONTACT_CAP_PER_WEEK),
                            get(KairosOptions.CONTACT_CAP_PER_CHANNEL_PER_DAY),
                            get(KairosOptions.CONTACT_CAP_PER_CHANNEL_PER_WEEK)),
                    new QuietHours(
                            localTime(KairosOptions.CONTACT_QUIET_HOURS_START),
                            localTime(KairosOptions.CONTACT_QUIET_HOURS_END),
                            zone),
                    new SendTiming(
                            get(KairosOptions.CONTACT_ACTIVE_SESSION),
                            get(KairosOptions.CONTACT_BEST_HOUR_MIN_RESPONSES),
                            channelHalfLife),
                    new ResponseSuppression(
                            get(KairosOptions.CONTACT_SUPPRESS_AFTER_CONVERSION),
                            get(KairosOptions.CONTACT_DISMISSALS_PER_OFFER),
                            get(KairosOptions.CONTACT_DISMISSALS_OVERALL),
                            get(KairosOptions.CONTACT_DISMISSAL_WINDOW),
                            get(KairosOptions.CONTACT_SUPPRESS_AFTER_DISMISSALS)),
                    new Holdout(holdoutByTrigger(), get(KairosOptions.HOLDOUT_SHARE)),
                    get(KairosOptions.ATTRIBUTION_WINDOW),
                    channelHalfLife,
                    new BrowseIntent(
                            get(KairosOptions.BROWSE_PRODUCT_VIEWS),
                            get(KairosOptions.BROWSE_CATEGORY_VIEWS),
                            get(KairosOptions.BROWSE_WINDOW),
                            16),
                    new Birthday(localTime(KairosOptions.BIRTHDAY_GREET_AT), zone),
                    new Replenishment(get(KairosOptions.REPLENISHMENT_LEAD), 8),
                    zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.contact.*', 'kairos.holdout.*', 'kairos.attribution.*',"
                            + " 'kairos.moments.*' or 'kairos.offer.cooldown': " + e.getMessage(), e);
        }
    }

    private Map<Trigger, Double> holdoutByTrigger() {
        Map<Trigger, Double> shares = new EnumMap<>(Trigger.class);
        for (Map.Entry<String, String> e : get(KairosOptions.HOLDOUT_SHARE_BY_TRIGGER).entrySet()) {
            Trigger trigger;
            try {
                trigger = Trigger.valueOf(e.getKey().trim());
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfigException(
                        "option '" + KairosOptions.HOLDOUT_SHARE_BY_TRIGGER.key() + "': '" + e.getKey()
                                + "' is not a trigger; allowed: " + Arrays.toString(Trigger.values()), ex);
            }
            try {
                shares.put(trigger, Double.parseDouble(e.getValue().trim()));
            } catch (NumberFormatException ex) {
                throw new InvalidConfigException(
                        "option '" + KairosOptions.HOLDOUT_SHARE_BY_TRIGGER.key() + "': share of " + trigger
                                + " must be a number, was '" + e.getValue() + "'", ex);
            }
        }
        return shares;
    }

    private LocalTime localTime(ConfigOption<String> option) {
        try {
            return LocalTime.parse(get(option).trim());
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a local time HH:mm, was '" + get(option) + "'", e);
        }
    }

    private ZoneId zone(ConfigOption<String> option) {
        try {
            return ZoneId.of(get(option).trim());
        } catch (DateTimeException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be an IANA time zone such as Europe/Berlin, was '"
                            + get(option) + "'", e);
        }
    }

    /** The learning branches' settings (kairos.learning.*). */
    public PersonalizationPipeline.LearningSettings learningSettings() {
        positive(KairosOptions.LEARNING_RESPONSE_HALF_LIFE, get(KairosOptions.LEARNING_RESPONSE_HALF_LIFE));
        positive(KairosOptions.LEARNING_ASSOCIATION_HALF_LIFE, get(KairosOptions.LEARNING_ASSOCIATION_HALF_LIFE));
        positive(KairosOptions.LEARNING_BASKET_WINDOW, get(KairosOptions.LEARNING_BASKET_WINDOW));
        positive(KairosOptions.LEARNING_PUBLISH_INTERVAL, get(KairosOptions.LEARNING_PUBLISH_INTERVAL));
        int perProduct = get(KairosOptions.LEARNING_ASSOCIATIONS_PER_PRODUCT);
        if (perProduct < 1) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.LEARNING_ASSOCIATIONS_PER_PRODUCT.key() + "' must be >= 1, was " + perProduct);
        }
        return new PersonalizationPipeline.LearningSettings(
                get(KairosOptions.LEARNING_RESPONSE_HALF_LIFE),
                get(KairosOptions.LEARNING_ASSOCIATION_HALF_LIFE),
                get(KairosOptions.LEARNING_BASKET_WINDOW),
                perProduct,
                get(KairosOptions.LEARNING_PUBLISH_INTERVAL));
    }

    /**
     * The customer model's settings. Each setting is checked by the model itself; its message is
     * prefixed with the options it comes from, so the operator knows what to change.
     */
    public CustomerModelSettings customerModelSettings() {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.activityHorizons = get(KairosOptions.CUSTOMER_ACTIVITY_HORIZONS);
        b.sessionGap = get(KairosOptions.CUSTOMER_SESSION_GAP);
        b.affinityHalfLife = get(KairosOptions.CUSTOMER_AFFINITY_HALF_LIFE);
        b.affinityTopK = get(KairosOptions.CUSTOMER_AFFINITY_TOP_K);
        b.loyalMinPurchases = get(KairosOptions.CUSTOMER_LOYAL_MIN_PURCHASES);
        b.loyalWindow = get(KairosOptions.CUSTOMER_LOYAL_WINDOW);
        b.stateRetention = get(KairosOptions.CUSTOMER_STATE_RETENTION);
        b.forgetRetention = get(KairosOptions.CUSTOMER_FORGET_RETENTION);
        b.profileTtl = get(KairosOptions.CUSTOMER_PROFILE_TTL);
        b.profileRefresh = get(KairosOptions.CUSTOMER_PROFILE_REFRESH);
        b.inactiveAfter = get(KairosOptions.PYRAMID_INACTIVE_AFTER);
        b.segmentReview = get(KairosOptions.PYRAMID_SEGMENT_REVIEW);
        b.valueHalfLife = get(KairosOptions.PYRAMID_VALUE_HALF_LIFE);
        b.silenceFactor = get(KairosOptions.CHURN_SILENCE_FACTOR);
        b.defaultPurchaseGap = get(KairosOptions.CHURN_DEFAULT_PURCHASE_GAP);
        b.minPurchaseGap = get(KairosOptions.CHURN_MIN_PURCHASE_GAP);
        b.pAliveThreshold = get(KairosOptions.CHURN_P_ALIVE_THRESHOLD);
        b.activityDropRatio = get(KairosOptions.CHURN_ACTIVITY_DROP_RATIO);
        b.activityDropMinSessionsPer30Days = get(KairosOptions.CHURN_ACTIVITY_DROP_MIN_SESSIONS);
        b.negativeCueHalfLife = get(KairosOptions.CHURN_NEGATIVE_CUE_HALF_LIFE);
        b.riskEnter = get(KairosOptions.CHURN_RISK_ENTER);
        b.riskExit = get(KairosOptions.CHURN_RISK_EXIT);
        try {
            b.bgNbd =
                    new BgNbdParameters(
                            get(KairosOptions.CHURN_BGNBD_R),
                            get(KairosOptions.CHURN_BGNBD_ALPHA),
                            get(KairosOptions.CHURN_BGNBD_A),
                            get(KairosOptions.CHURN_BGNBD_B));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.churn.bgnbd.*': " + e.getMessage()
                            + " (refit them with ./kairos fit-churn)", e);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage(), e);
        }
    }

    public PyramidShares pyramidShares() {
        try {
            return new PyramidShares(
                    get(KairosOptions.PYRAMID_TOP_SHARE),
                    get(KairosOptions.PYRAMID_HIGH_SHARE),
                    get(KairosOptions.PYRAMID_MIDDLE_SHARE));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "options 'kairos.pyramid.top-share', 'high-share', 'middle-share': " + e.getMessage(), e);
        }
    }

    private void required(ConfigOption<String> option, String neededBy) {
        String value = kairos.get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' is required with " + neededBy + " (argument --"
                            + option.key() + " or environment variable " + KairosOptions.envName(option)
                            + "): " + option.description());
        }
    }

    private void required(ConfigOption<String> option) {
        String value = kairos.get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "missing required option '" + option.key() + "' (argument --" + option.key()
                            + " or environment variable " + KairosOptions.envName(option) + "): "
                            + option.description());
        }
    }

    private static void positive(ConfigOption<?> option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a positive duration, was " + value);
        }
    }

    private static void notNegative(ConfigOption<?> option, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must not be negative, was " + value);
        }
    }

    private static void positive(ConfigOption<?> option, long value) {
        if (value <= 0) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a positive number, was " + value);
        }
    }

    /** The value of a {@code kairos.*} option; a malformed value fails naming the option. */
    public <T> T get(ConfigOption<T> option) {
        try {
            return kairos.get(option);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' has an invalid value '"
                            + (KairosOptions.isSecret(option) ? "<hidden>" : kairos.toMap().get(option.key()))
                            + "': " + option.description()
                            + " (" + rootMessage(e) + ")",
                    e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** Flink's own settings, with the job's production defaults filled in. */
    public Configuration flinkConfiguration() {
        return new Configuration(flink);
    }

    public PersonalizationSettings personalizationSettings() {
        return new PersonalizationSettings(
                get(KairosOptions.CART_ABANDONMENT_DELAY),
                get(KairosOptions.OFFER_COOLDOWN),
                get(KairosOptions.MESSAGE_TTL),
                get(KairosOptions.CART_REMINDER_CHANNELS),
                customerModelSettings(),
                decisionSettings())
                .withDueWorkInLine(get(KairosOptions.DUE_WORK_IN_LINE));
    }

    /**
     * The Kafka client settings for security, the same for every source and sink of the job.
     * The passwords go into Kafka's own password-typed settings, which Kafka never logs.
     */
    public Properties kafkaSecurityProperties() {
        Properties p = new Properties();
        KairosOptions.KafkaSecurityProtocol protocol = get(KairosOptions.KAFKA_SECURITY_PROTOCOL);
        p.setProperty("security.protocol", protocol.name());
        if (protocol == KairosOptions.KafkaSecurityProtocol.SASL_PLAINTEXT
                || protocol == KairosOptions.KafkaSecurityProtocol.SASL_SSL) {
            String mechanism = get(KairosOptions.KAFKA_SASL_MECHANISM);
            String loginModule;
            switch (mechanism) {
                case "PLAIN":
                    loginModule = "org.apache.kafka.common.security.plain.PlainLoginModule";
                    break;
                case "SCRAM-SHA-256":
                case "SCRAM-SHA-512":
                    loginModule = "org.apache.kafka.common.security.scram.ScramLoginModule";
                    break;
                default:
                    throw new InvalidConfigException(
                            "option '" + KairosOptions.KAFKA_SASL_MECHANISM.key() + "' is '" + mechanism
                                    + "'; allowed: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
            }
            required(KairosOptions.KAFKA_SASL_USERNAME, "security protocol " + protocol);
            required(KairosOptions.KAFKA_SASL_PASSWORD, "security protocol " + protocol);
            p.setProperty("sasl.mechanism", mechanism);
            p.setProperty(
                    "sasl.jaas.config",
                    loginModule + " required username=\"" + jaasQuoted(get(KairosOptions.KAFKA_SASL_USERNAME))
                            + "\" password=\"" + jaasQuoted(get(KairosOptions.KAFKA_SASL_PASSWORD)) + "\";");
        }
        if (protocol == KairosOptions.KafkaSecurityProtocol.SSL
                || protocol == KairosOptions.KafkaSecurityProtocol.SASL_SSL) {
            String truststore = get(KairosOptions.KAFKA_SSL_TRUSTSTORE_LOCATION);
            if (truststore != null) {
                p.setProperty("ssl.truststore.location", truststore);
                p.setProperty("ssl.truststore.type", get(KairosOptions.KAFKA_SSL_TRUSTSTORE_TYPE));
                String password = get(KairosOptions.KAFKA_SSL_TRUSTSTORE_PASSWORD);
                if (password != null) {
                    p.setProperty("ssl.truststore.password", password);
                }
            }
        }
        return p;
    }

    /**
     * The Kafka consumer settings of the customer event source: the security settings and the
     * low-latency fetch settings ({@link #LOW_LATENCY_FETCH}).
     */
    public Properties kafkaSourceProperties() {
        Properties p = kafkaSecurityProperties();
        LOW_LATENCY_FETCH.forEach(p::setProperty);
        return p;
    }

    /** Epoch ms of {@code kairos.kafka.starting-timestamp}, for starting-offsets TIMESTAMP. */
    public long startingTimestamp() {
        String value = get(KairosOptions.KAFKA_STARTING_TIMESTAMP);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is required with '"
                            + KairosOptions.KAFKA_STARTING_OFFSETS.key() + ": TIMESTAMP'");
        }
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(value)
                    : java.time.Instant.parse(value).toEpochMilli();
        } catch (RuntimeException e) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is '" + value
                            + "'; expected an ISO-8601 instant such as 2026-11-01T00:00:00Z, or epoch milliseconds");
        }
    }

    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * The topics of customer events ({@code kairos.events.topics}), each once, in the order given.
     */
    public List<String> customerEventTopics() {
        return get(KairosOptions.EVENTS_TOPICS).stream().map(String::strip).toList();
    }

    /** Legal Kafka topic names: what the broker accepts. */
    private static final java.util.regex.Pattern TOPIC_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Checks {@code kairos.events.topics}: at least one, legal names, none twice, none that
     * another topic option names (the job would read its own output, or the catalog, as events).
     */
    private void eventTopics(Map<String, ConfigOption<String>> otherTopics) {
        String key = KairosOptions.EVENTS_TOPICS.key();
        List<String> names = customerEventTopics();
        if (names.isEmpty() || names.stream().allMatch(String::isEmpty)) {
            throw new InvalidConfigException(
                    "option '" + key + "' must name at least one topic (the default is "
                            + KairosOptions.EVENTS_TOPICS.defaultValue() + ")");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (!TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new InvalidConfigException(
                        "option '" + key + "': '" + name + "' is not a Kafka topic name (letters, digits, '.',"
                                + " '_' and '-', at most 249); separate several topics with ';', e.g."
                                + " customer-events;legacy-clicks");
            }
            if (!seen.add(name)) {
                throw new InvalidConfigException("option '" + key + "' lists topic '" + name + "' twice");
            }
            ConfigOption<String> other = otherTopics.get(name);
            if (other != null) {
                throw new InvalidConfigException(
                        "option '" + key + "' lists topic '" + name + "', which '" + other.key()
                                + "' already uses; every topic must be distinct");
            }
        }
    }
}
