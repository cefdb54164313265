package io.kairos.job;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every option of the personalization job, under the prefix {@code kairos.}, declared by area:
 * {@link KafkaOptions} (connection, starting point, security), {@link EventOptions} (topics and
 * event time), {@link RedisOptions}, {@link CustomerOptions} (profile, pyramid, churn), {@link
 * DecisionOptions} (cart, offers, contact policy, holdout, moments) and {@link LearningOptions}.
 * Each can be given in the configuration file ({@code --config kairos.yaml}), as an environment
 * variable named after it ({@code KAIROS_REDIS_URI}, or {@code KAIROS_REDIS_URI_FILE} naming a file
 * that holds the value, as Kubernetes mounts secrets), or as a program argument ({@code
 * --kairos.redis.uri redis://...}); see {@link JobConfig}.
 */
public final class KairosOptions {
    public static final String PREFIX = "kairos.";

    /** The classes that declare the options, in the order {@link #all()} lists them. */
    static final List<Class<?>> AREAS =
            List.of(
                    KafkaOptions.class,
                    EventOptions.class,
                    RedisOptions.class,
                    CustomerOptions.class,
                    DecisionOptions.class,
                    LearningOptions.class);

    private KairosOptions() {}

    /** Options whose values are never shown, in messages or logs. */
    public static boolean isSecret(ConfigOption<?> option) {
        return option.key().endsWith("password") || option.key().endsWith("secret");
    }

    /** All options of every area, for validation and documentation. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> area : AREAS) {
            for (Field field : area.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        options.add((ConfigOption<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
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
