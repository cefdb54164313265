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
 * Every option of the personalization job, under the prefix {@code kairos.}. Each can be given as
 * a program argument ({@code --kairos.redis.uri redis://...}) or as an environment variable named
 * after it ({@code KAIROS_REDIS_URI}); see {@link JobConfig}.
 */
public final class KairosOptions {
    public static final String PREFIX = "kairos.";

    /** Where to start reading when the consumer group has no committed offsets. */
    public enum StartingOffsets {
        /** Resume from the group's committed offsets; from the earliest where there are none. */
        COMMITTED_OR_EARLIEST,
        EARLIEST,
        LATEST
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
                    .withDescription("Where a job without checkpoint or savepoint starts reading.");

    public static final ConfigOption<String> TOPIC_CLICKS = topic("clicks", Topics.CLICKS);
    public static final ConfigOption<String> TOPIC_PURCHASES = topic("purchases", Topics.PURCHASES);
    public static final ConfigOption<String> TOPIC_CUSTOMER_UPDATES =
            topic("customer-updates", Topics.CUSTOMER_UPDATES);
    public static final ConfigOption<String> TOPIC_OFFER_RESPONSES =
            topic("offer-responses", Topics.OFFER_RESPONSES);
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
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription(
                            "Longest a message waits in the sink's buffer before it is written:"
                                    + " bounds latency when traffic is light.");

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

    public static final ConfigOption<Duration> CATALOG_STARTUP_WAIT =
            key("kairos.catalog.startup-wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "After a start without checkpoint, customer events are held until the"
                                    + " offer catalog has loaded, at most this long; a replay then"
                                    + " decides against the same catalog as the live run. 0 turns"
                                    + " holding off.");

    private KairosOptions() {}

    private static ConfigOption<String> topic(String name, String defaultTopic) {
        return key("kairos.topics." + name)
                .stringType()
                .defaultValue(defaultTopic)
                .withDescription("Kafka topic for " + name + ".");
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
