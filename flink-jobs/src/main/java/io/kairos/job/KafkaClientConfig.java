package io.kairos.job;

import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * What the job's Kafka sources and sinks are built with, from the options: the event topics,
 * the security settings every client gets, and where a job without state starts reading.
 */
final class KafkaClientConfig {
    private KafkaClientConfig() {}

    /**
     * The topics of customer events ({@code kairos.events.topics}), each once, in the order given.
     */
    static List<String> customerEventTopics(JobConfig c) {
        return c.get(EventOptions.EVENTS_TOPICS).stream().map(String::strip).toList();
    }

    /**
     * The Kafka client settings for security, the same for every source and sink of the job.
     * The passwords go into Kafka's own password-typed settings, which Kafka never logs.
     */
    static Properties securityProperties(JobConfig c) {
        Properties p = new Properties();
        KafkaOptions.KafkaSecurityProtocol protocol = c.get(KafkaOptions.KAFKA_SECURITY_PROTOCOL);
        p.setProperty("security.protocol", protocol.name());
        if (protocol == KafkaOptions.KafkaSecurityProtocol.SASL_PLAINTEXT
                || protocol == KafkaOptions.KafkaSecurityProtocol.SASL_SSL) {
            String mechanism = c.get(KafkaOptions.KAFKA_SASL_MECHANISM);
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
                            "option '" + KafkaOptions.KAFKA_SASL_MECHANISM.key() + "' is '" + mechanism
                                    + "'; allowed: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
            }
            ConfigChecks.required(c, KafkaOptions.KAFKA_SASL_USERNAME, "security protocol " + protocol);
            ConfigChecks.required(c, KafkaOptions.KAFKA_SASL_PASSWORD, "security protocol " + protocol);
            p.setProperty("sasl.mechanism", mechanism);
            p.setProperty(
                    "sasl.jaas.config",
                    loginModule + " required username=\"" + jaasQuoted(c.get(KafkaOptions.KAFKA_SASL_USERNAME))
                            + "\" password=\"" + jaasQuoted(c.get(KafkaOptions.KAFKA_SASL_PASSWORD)) + "\";");
        }
        if (protocol == KafkaOptions.KafkaSecurityProtocol.SSL
                || protocol == KafkaOptions.KafkaSecurityProtocol.SASL_SSL) {
            String truststore = c.get(KafkaOptions.KAFKA_SSL_TRUSTSTORE_LOCATION);
            if (truststore != null) {
                p.setProperty("ssl.truststore.location", truststore);
                p.setProperty("ssl.truststore.type", c.get(KafkaOptions.KAFKA_SSL_TRUSTSTORE_TYPE));
                String password = c.get(KafkaOptions.KAFKA_SSL_TRUSTSTORE_PASSWORD);
                if (password != null) {
                    p.setProperty("ssl.truststore.password", password);
                }
            }
        }
        return p;
    }

    /** Epoch ms of {@code kairos.kafka.starting-timestamp}, for starting-offsets TIMESTAMP. */
    static long startingTimestamp(JobConfig c) {
        String value = c.get(KafkaOptions.KAFKA_STARTING_TIMESTAMP);
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(
                    "option '" + KafkaOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is required with '"
                            + KafkaOptions.KAFKA_STARTING_OFFSETS.key() + ": TIMESTAMP'");
        }
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(value)
                    : java.time.Instant.parse(value).toEpochMilli();
        } catch (RuntimeException e) {
            throw new InvalidConfigException(
                    "option '" + KafkaOptions.KAFKA_STARTING_TIMESTAMP.key() + "' is '" + value
                            + "'; expected an ISO-8601 instant such as 2026-11-01T00:00:00Z, or epoch milliseconds");
        }
    }

    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Where the customer event source of a job without state starts ({@code kairos.kafka.starting-offsets}). */
    static OffsetsInitializer startingOffsets(JobConfig config) {
        switch (config.get(KafkaOptions.KAFKA_STARTING_OFFSETS)) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case TIMESTAMP:
                return OffsetsInitializer.timestamp(startingTimestamp(config));
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
