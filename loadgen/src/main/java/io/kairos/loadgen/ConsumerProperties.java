package io.kairos.loadgen;

import io.kairos.cli.KafkaConnection;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The repeatable {@code --consumer-property} of a command that reads Kafka ({@code accuracy},
 * {@code record --from-kafka}): consumer settings that win over {@link KafkaConnection}'s
 * {@code --command-config}. A picocli mixin, so both spell it and apply it the same way.
 */
public final class ConsumerProperties {
    @Option(names = "--consumer-property", description = "A Kafka consumer setting (e.g. security.protocol=SSL), repeatable.")
    Map<String, String> consumerProperties = new HashMap<>();

    /** A consumer's settings: {@code kafka}'s {@code --command-config}, then these over them. */
    public Map<String, String> settings(KafkaConnection kafka) {
        return kafka.settings(consumerProperties);
    }
}
