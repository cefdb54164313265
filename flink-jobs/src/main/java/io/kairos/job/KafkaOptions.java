package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the job's Kafka connection ({@code kairos.kafka.*}): brokers, consumer group, where a
 * job without state starts reading, and security for every source and sink. Part of {@link
 * KairosOptions}.
 */
public final class KafkaOptions {
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

    private KafkaOptions() {}
}
