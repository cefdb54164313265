package io.kairos.job;

import io.kairos.channel.RedisEndpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;

/**
 * The checks a configuration passes before anything starts ({@link JobConfig} runs them once
 * it is loaded): required options, ranges, topics that must differ, and every setting the job
 * builds from the options, each failing with a message that names the option and what to fix.
 */
final class ConfigChecks {
    /** Legal Kafka topic names: what the broker accepts. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private ConfigChecks() {}

    /** Reads every option once so that a bad value fails here, naming the option. */
    static void validate(JobConfig c) {
        required(c, KafkaOptions.KAFKA_BOOTSTRAP_SERVERS);
        required(c, RedisOptions.REDIS_URI);
        String uri = c.get(RedisOptions.REDIS_URI);
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new InvalidConfigException(
                    "option '" + RedisOptions.REDIS_URI.key() + "' must be a redis:// or rediss:// URI, was '"
                            + RedisEndpoint.mask(uri) + "'");
        }
        try {
            RedisSinks.endpoint(c);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("option '" + RedisOptions.REDIS_URI.key() + "': " + e.getMessage(), e);
        }
        for (ConfigOption<?> option : KairosOptions.all()) {
            c.get(option);
        }
        positive(RedisOptions.REDIS_BATCH_SIZE, c.get(RedisOptions.REDIS_BATCH_SIZE));
        positive(DecisionOptions.CART_ABANDONMENT_DELAY, c.get(DecisionOptions.CART_ABANDONMENT_DELAY));
        positive(DecisionOptions.MESSAGE_TTL, c.get(DecisionOptions.MESSAGE_TTL));
        notNegative(DecisionOptions.OFFER_COOLDOWN, c.get(DecisionOptions.OFFER_COOLDOWN));
        notNegative(EventOptions.MAX_OUT_OF_ORDERNESS, c.get(EventOptions.MAX_OUT_OF_ORDERNESS));
        positive(EventOptions.IDLE_TIMEOUT, c.get(EventOptions.IDLE_TIMEOUT));
        notNegative(RedisOptions.REDIS_MAX_BUFFER_DELAY, c.get(RedisOptions.REDIS_MAX_BUFFER_DELAY));
        positive(
                RedisOptions.REDIS_MAX_OFFERS_PER_CUSTOMER,
                c.get(RedisOptions.REDIS_MAX_OFFERS_PER_CUSTOMER));
        positive(RedisOptions.REDIS_STREAM_MAX_LENGTH, c.get(RedisOptions.REDIS_STREAM_MAX_LENGTH));
        positive(DecisionOptions.CUSTOMER_CACHE_IDLE, c.get(DecisionOptions.CUSTOMER_CACHE_IDLE));
        if (c.get(DecisionOptions.CUSTOMER_CACHE_SIZE) < 0) {
            throw new InvalidConfigException(
                    "option '" + DecisionOptions.CUSTOMER_CACHE_SIZE.key() + "' must be 0 (no cache) or more, was "
                            + c.get(DecisionOptions.CUSTOMER_CACHE_SIZE));
        }
        Map<String, ConfigOption<String>> topics = new HashMap<>();
        for (ConfigOption<String> topic :
                List.of(
                        EventOptions.TOPIC_OFFER_CATALOG,
                        EventOptions.TOPIC_DEAD_LETTERS,
                        EventOptions.TOPIC_CUSTOMER_SIGNALS,
                        EventOptions.TOPIC_DECISIONS,
                        EventOptions.TOPIC_OFFER_FEEDBACK)) {
            ConfigOption<String> other = topics.putIfAbsent(c.get(topic), topic);
            if (other != null) {
                throw new InvalidConfigException(
                        "option '" + topic.key() + "' names topic '" + c.get(topic) + "', which '" + other.key()
                                + "' already uses; every topic must be distinct");
            }
        }
        eventTopics(c, topics);
        if (c.get(DecisionOptions.CART_REMINDER_CHANNELS).isEmpty()) {
            throw new InvalidConfigException(
                    "option '" + DecisionOptions.CART_REMINDER_CHANNELS.key() + "' must list at least one channel");
        }
        KafkaClientConfig.securityProperties(c);
        if (c.get(KafkaOptions.KAFKA_STARTING_OFFSETS) == KafkaOptions.StartingOffsets.TIMESTAMP) {
            KafkaClientConfig.startingTimestamp(c);
        } else if (c.get(KafkaOptions.KAFKA_STARTING_TIMESTAMP) != null) {
            throw new InvalidConfigException(
                    "option '" + KafkaOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is set, but '"
                            + KafkaOptions.KAFKA_STARTING_OFFSETS.key() + "' is not TIMESTAMP; set both or neither");
        }
        positive(CustomerOptions.PYRAMID_PERIOD, c.get(CustomerOptions.PYRAMID_PERIOD));
        positive(CustomerOptions.PYRAMID_MOVEMENT_TTL, c.get(CustomerOptions.PYRAMID_MOVEMENT_TTL));
        EngineSettings.pyramidShares(c);
        EngineSettings.customerModelSettings(c);
        EngineSettings.decisionSettings(c);
        EngineSettings.learningSettings(c);
    }

    /**
     * Checks {@code kairos.events.topics}: at least one, legal names, none twice, none that
     * another topic option names (the job would read its own output, or the catalog, as events).
     */
    private static void eventTopics(JobConfig c, Map<String, ConfigOption<String>> otherTopics) {
        String key = EventOptions.EVENTS_TOPICS.key();
        List<String> names = KafkaClientConfig.customerEventTopics(c);
        if (names.isEmpty() || names.stream().allMatch(String::isEmpty)) {
            throw new InvalidConfigException(
                    "option '" + key + "' must name at least one topic (the default is "
                            + EventOptions.EVENTS_TOPICS.defaultValue() + ")");
        }
        Set<String> seen = new HashSet<>();
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

    static void required(JobConfig c, ConfigOption<String> option) {
        String value = c.get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "missing required option '" + option.key() + "' (argument --" + option.key()
                            + " or environment variable " + KairosOptions.envName(option) + "): "
                            + option.description());
        }
    }

    static void required(JobConfig c, ConfigOption<String> option, String neededBy) {
        String value = c.get(option);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' is required with " + neededBy + " (argument --"
                            + option.key() + " or environment variable " + KairosOptions.envName(option)
                            + "): " + option.description());
        }
    }

    static void positive(ConfigOption<?> option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a positive duration, was " + value);
        }
    }

    static void notNegative(ConfigOption<?> option, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must not be negative, was " + value);
        }
    }

    static void positive(ConfigOption<?> option, long value) {
        if (value <= 0) {
            throw new InvalidConfigException(
                    "option '" + option.key() + "' must be a positive number, was " + value);
        }
    }
}
