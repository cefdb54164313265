package io.kairos.job;

import io.kairos.decide.PersonalizationSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.util.ParameterTool;

/**
 * The job's configuration, read once at start-up from program arguments and environment
 * variables (arguments win), and checked whole before anything starts: a bad or unknown {@code
 * kairos.*} option stops start-up with a message that names it. Options outside {@code kairos.*}
 * are Flink's own ({@code parallelism.default}, {@code execution.checkpointing.interval}, ...) and
 * pass through to the execution environment.
 */
public final class JobConfig {
    /** Fixed so that keyed state can be rescaled from a savepoint; changing it loses state. */
    public static final int MAX_PARALLELISM = 128;

    private final Configuration kairos;
    private final Configuration flink;

    private JobConfig(Configuration kairos, Configuration flink) {
        this.kairos = kairos;
        this.flink = flink;
    }

    public static JobConfig fromArgs(String[] args, Map<String, String> env) {
        return fromMap(ParameterTool.fromArgs(args).toMap(), env);
    }

    public static JobConfig fromMap(Map<String, String> given, Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        for (ConfigOption<?> option : KairosOptions.all()) {
            String value = env.get(KairosOptions.envName(option));
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
        return flink;
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
                            + uri + "'");
        }
        for (ConfigOption<?> option : KairosOptions.all()) {
            get(option);
        }
        positive(KairosOptions.REDIS_BATCH_SIZE, get(KairosOptions.REDIS_BATCH_SIZE));
        positive(KairosOptions.CART_ABANDONMENT_DELAY, get(KairosOptions.CART_ABANDONMENT_DELAY));
        positive(KairosOptions.MESSAGE_TTL, get(KairosOptions.MESSAGE_TTL));
        notNegative(KairosOptions.OFFER_COOLDOWN, get(KairosOptions.OFFER_COOLDOWN));
        notNegative(KairosOptions.CATALOG_STARTUP_WAIT, get(KairosOptions.CATALOG_STARTUP_WAIT));
        notNegative(KairosOptions.MAX_OUT_OF_ORDERNESS, get(KairosOptions.MAX_OUT_OF_ORDERNESS));
        positive(KairosOptions.IDLE_TIMEOUT, get(KairosOptions.IDLE_TIMEOUT));
        positive(KairosOptions.REDIS_MAX_BUFFER_DELAY, get(KairosOptions.REDIS_MAX_BUFFER_DELAY));
        positive(
                KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER,
                get(KairosOptions.REDIS_MAX_OFFERS_PER_CUSTOMER));
        positive(KairosOptions.REDIS_STREAM_MAX_LENGTH, get(KairosOptions.REDIS_STREAM_MAX_LENGTH));
        Set<String> topics = new java.util.HashSet<>();
        for (ConfigOption<String> topic :
                List.of(
                        KairosOptions.TOPIC_CLICKS,
                        KairosOptions.TOPIC_PURCHASES,
                        KairosOptions.TOPIC_CUSTOMER_UPDATES,
                        KairosOptions.TOPIC_OFFER_RESPONSES,
                        KairosOptions.TOPIC_OFFER_CATALOG,
                        KairosOptions.TOPIC_DEAD_LETTERS)) {
            if (!topics.add(get(topic))) {
                throw new InvalidConfigException(
                        "option '" + topic.key() + "' names topic '" + get(topic)
                                + "', which another kairos.topics.* option already uses;"
                                + " every topic must be distinct");
            }
        }
        if (get(KairosOptions.CART_REMINDER_CHANNELS).isEmpty()) {
            throw new InvalidConfigException(
                    "option '" + KairosOptions.CART_REMINDER_CHANNELS.key() + "' must list at least one channel");
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
                            + kairos.toMap().get(option.key()) + "': " + option.description()
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
                get(KairosOptions.CATALOG_STARTUP_WAIT));
    }

    public List<String> customerEventTopics() {
        return List.of(
                get(KairosOptions.TOPIC_CLICKS),
                get(KairosOptions.TOPIC_PURCHASES),
                get(KairosOptions.TOPIC_CUSTOMER_UPDATES),
                get(KairosOptions.TOPIC_OFFER_RESPONSES));
    }
}
