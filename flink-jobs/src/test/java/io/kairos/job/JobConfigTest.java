package io.kairos.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
    private static final String[] REQUIRED = {
        "--kairos.kafka.bootstrap-servers", "localhost:9092", "--kairos.redis.uri", "redis://localhost:6379"
    };

    private static String[] with(String... more) {
        String[] all = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(more, 0, all, REQUIRED.length, more.length);
        return all;
    }

    @Test
    void defaultsAreProductionReady() {
        JobConfig config = JobConfig.fromArgs(REQUIRED, Map.of());
        assertEquals("rocksdb", config.flinkConfiguration().get(StateBackendOptions.STATE_BACKEND));
        assertTrue(config.flinkConfiguration().get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS));
        assertFalse(config.flinkConfiguration().get(PipelineOptions.AUTO_GENERATE_UIDS));
        assertEquals(128, config.flinkConfiguration().get(PipelineOptions.MAX_PARALLELISM));
        assertEquals(Duration.ofMinutes(30), config.get(DecisionOptions.CART_ABANDONMENT_DELAY));
        assertEquals(List.of("customer-events"), config.customerEventTopics());
    }

    @Test
    void theChurnModelInUseSaysWhetherItsParametersWereFitted() {
        String defaults = JobConfig.fromArgs(REQUIRED, Map.of()).churnModelInUse();
        assertTrue(defaults.startsWith("MBG/NBD r=0.4601 alpha=41.6515 a=0.9786 b=2.2867 (MBG/NBD fitted to the CDNOW-like"), defaults);
        assertTrue(defaults.contains("flag P(left) >= 0.94 (clears at 0.8), cue weight 12.0"), defaults);
        // what ./kairos fit-churn prints, given as options
        JobConfig fitted = JobConfig.fromArgs(with("--kairos.churn.bgnbd.r", "1.0677", "--kairos.churn.bgnbd.alpha", "25.715",
                "--kairos.churn.bgnbd.a", "0.3246", "--kairos.churn.bgnbd.b", "7.6087", "--kairos.churn.bgnbd.model", "bg"), Map.of());
        assertEquals(1.0677, fitted.customerModelSettings().bgNbd.r(), 0);
        assertEquals(io.kairos.churn.BgNbdParameters.Variant.BG, fitted.customerModelSettings().bgNbd.variant());
        assertTrue(fitted.churnModelInUse().startsWith(
                "BG/NBD r=1.0677 alpha=25.7150 a=0.3246 b=7.6087 (configured kairos.churn.bgnbd.*)"), fitted.churnModelInUse());
    }

    @Test
    void aJobThatCheckpointsToADirectoryLogsItsStateChangesNextToTheCheckpoints() {
        org.apache.flink.configuration.Configuration flink = JobConfig.fromArgs(
                with("--execution.checkpointing.dir", "s3://bucket/kairos/checkpoints/"), Map.of()).flinkConfiguration();
        assertTrue(flink.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
        assertEquals("filesystem", flink.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE));
        assertEquals("s3://bucket/kairos/checkpoints/changelog", flink.get(JobConfig.CHANGELOG_BASE_PATH));

        // the operator's choices win: another place for the log, or no changelog at all
        assertEquals("s3://log", JobConfig.fromArgs(with("--execution.checkpointing.dir", "s3://c",
                "--state.changelog.dstl.dfs.base-path", "s3://log"), Map.of()).flinkConfiguration().get(JobConfig.CHANGELOG_BASE_PATH));
        org.apache.flink.configuration.Configuration off = JobConfig.fromArgs(with("--execution.checkpointing.dir", "s3://c",
                "--state.changelog.enabled", "false"), Map.of()).flinkConfiguration();
        assertFalse(off.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
        assertFalse(off.contains(JobConfig.CHANGELOG_BASE_PATH));
        // without a checkpoint directory there is nowhere durable for the log (Flink's default then)
        assertFalse(JobConfig.fromArgs(REQUIRED, Map.of()).flinkConfiguration().contains(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
    }

    @Test
    void latencyDefaultsAreLowAndAnOperatorsValueWins() {
        JobConfig config = JobConfig.fromArgs(REQUIRED, Map.of());
        assertEquals(Duration.ofMillis(5), config.flinkConfiguration().get(ExecutionOptions.BUFFER_TIMEOUT));
        assertEquals(Duration.ofMillis(5), config.get(RedisOptions.REDIS_MAX_BUFFER_DELAY));
        Properties source = config.kafkaSourceProperties();
        assertEquals("1", source.getProperty("fetch.min.bytes"));
        assertEquals("PLAINTEXT", source.getProperty("security.protocol"), "with the security settings");

        assertEquals(Duration.ofMillis(100), JobConfig.fromArgs(with("--execution.buffer-timeout.interval", "100 ms"), Map.of())
                .flinkConfiguration().get(ExecutionOptions.BUFFER_TIMEOUT));
        assertEquals(Duration.ofMillis(50), JobConfig.fromArgs(with("--execution.buffer-timeout", "50 ms"), Map.of())
                .flinkConfiguration().get(ExecutionOptions.BUFFER_TIMEOUT), "Flink's deprecated key counts too");
        assertEquals(Duration.ZERO, JobConfig.fromArgs(with("--kairos.redis.max-buffer-delay", "0 ms"), Map.of())
                .get(RedisOptions.REDIS_MAX_BUFFER_DELAY), "0: every update at once");
    }

    @Test
    void environmentVariablesFillInAndArgumentsWin() {
        JobConfig config =
                JobConfig.fromArgs(
                        new String[] {"--kairos.redis.uri", "redis://args:1"},
                        Map.of(
                                "KAIROS_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                                "KAIROS_REDIS_URI", "redis://env:2",
                                "KAIROS_CART_ABANDONMENT_DELAY", "10 min",
                                "KAIROS_CART_REMINDER_CHANNELS", "EMAIL;SMS"));
        assertEquals("env:9092", config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS));
        assertEquals("redis://args:1", config.get(RedisOptions.REDIS_URI));
        assertEquals(Duration.ofMinutes(10), config.get(DecisionOptions.CART_ABANDONMENT_DELAY));
        assertEquals(List.of(Channel.EMAIL, Channel.SMS), config.get(DecisionOptions.CART_REMINDER_CHANNELS));
    }

    @Test
    void flinkOptionsPassThrough() {
        JobConfig config = JobConfig.fromArgs(with("--parallelism.default", "3"), Map.of());
        assertEquals("3", config.flinkConfiguration().toMap().get("parallelism.default"));
    }

    @Test
    void missingRequiredOptionSaysWhichAndHow() {
        InvalidConfigException e =
                assertThrows(
                        InvalidConfigException.class,
                        () -> JobConfig.fromArgs(new String[] {"--kairos.redis.uri", "redis://x:1"}, Map.of()));
        assertTrue(e.getMessage().contains("kairos.kafka.bootstrap-servers"), e.getMessage());
        assertTrue(e.getMessage().contains("KAIROS_KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
    }

    @Test
    void badValuesNameTheOption() {
        assertMessage(with("--kairos.cart.abandonment-delay", "soon"), "kairos.cart.abandonment-delay");
        assertMessage(with("--kairos.cart.abandonment-delay", "0 s"), "must be a positive duration");
        assertMessage(with("--kairos.cart.reminder-channels", "FAX"), "kairos.cart.reminder-channels");
        assertMessage(with("--kairos.redis.batch-size", "-1"), "kairos.redis.batch-size");
        assertMessage(with("--kairos.churn.regularity-prior", "0"), "kairos.churn.regularity-prior must be in (0, 1]");
        assertMessage(with("--kairos.churn.bgnbd.dormant-rate", "0.7"), "kairos.churn.bgnbd.dormant-rate must be in [0, 0.5)");
        assertMessage(with("--kairos.topics.decisions", "dead-letters"), "every topic must be distinct");
        assertMessage(with("--kairos.kafka.starting-offsets", "NOW"), "kairos.kafka.starting-offsets");
    }

    @Test
    void eventTopicsAreOneTopicByDefaultAndMayBeMore(@TempDir Path dir) throws Exception {
        assertEquals(List.of("customer-events", "legacy-clicks"),
                JobConfig.fromArgs(with("--kairos.events.topics", "customer-events; legacy-clicks"), Map.of())
                        .customerEventTopics());
        assertEquals(List.of("a", "b"),
                JobConfig.fromArgs(REQUIRED, Map.of("KAIROS_EVENTS_TOPICS", "a;b")).customerEventTopics());
        Path file = dir.resolve("kairos.yaml");
        Files.writeString(file, "kairos.events.topics: [customer-events, staging.clicks]\n");
        assertEquals(List.of("customer-events", "staging.clicks"),
                JobConfig.fromArgs(with("--config", file.toString()), Map.of()).customerEventTopics());
    }

    @Test
    void badEventTopicsSayWhatToFix() {
        assertMessage(with("--kairos.events.topics", ""), "option 'kairos.events.topics' must name at least one topic");
        assertMessage(with("--kairos.events.topics", "customer-events,clicks"),
                "'customer-events,clicks' is not a Kafka topic name");
        assertMessage(with("--kairos.events.topics", "customer-events,clicks"), "separate several topics with ';'");
        assertMessage(with("--kairos.events.topics", "a;b;a"), "lists topic 'a' twice");
        assertMessage(with("--kairos.events.topics", "customer-events;dead-letters"),
                "lists topic 'dead-letters', which 'kairos.topics.dead-letters' already uses");
        assertMessage(with("--kairos.topics.offer-catalog", "customer-events"),
                "lists topic 'customer-events', which 'kairos.topics.offer-catalog' already uses");
        assertMessage(with("--kairos.topics.clicks", "clicks"), "unknown option 'kairos.topics.clicks'");
    }

    @Test
    void unknownKairosOptionIsRejectedWithTheKnownOnes() {
        assertMessage(with("--kairos.cart.abandonment-dealy", "5 min"), "unknown option 'kairos.cart.abandonment-dealy'");
        assertMessage(with("--kairos.cart.abandonment-dealy", "5 min"), "kairos.cart.abandonment-delay");
    }

    @Test
    void redisUriMustBeARedisUri() {
        assertMessage(
                new String[] {"--kairos.kafka.bootstrap-servers", "k:1", "--kairos.redis.uri", "localhost:6379"},
                "redis:// or rediss://");
    }

    @Test
    void aConfigurationFileIsReadAndEnvironmentAndArgumentsWinOverIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kairos.yaml");
        Files.writeString(file, String.join("\n",
                "kairos:",
                "  kafka.bootstrap-servers: file:9092",
                "  redis:",
                "    uri: redis://file:1",
                "  cart.abandonment-delay: 20 min",
                "  cart.reminder-channels: [SMS, PUSH]",
                "kairos.offer.cooldown: 2 d",
                "parallelism.default: 4",
                ""));
        JobConfig config = JobConfig.fromArgs(
                new String[] {"--config", file.toString(), "--kairos.offer.cooldown", "1 d"},
                Map.of("KAIROS_REDIS_URI", "redis://env:2"));
        assertEquals("file:9092", config.get(KafkaOptions.KAFKA_BOOTSTRAP_SERVERS));
        assertEquals("redis://env:2", config.get(RedisOptions.REDIS_URI), "environment over file");
        assertEquals(Duration.ofDays(1), config.get(DecisionOptions.OFFER_COOLDOWN), "argument over file");
        assertEquals(Duration.ofMinutes(20), config.get(DecisionOptions.CART_ABANDONMENT_DELAY));
        assertEquals(List.of(Channel.SMS, Channel.PUSH), config.get(DecisionOptions.CART_REMINDER_CHANNELS));
        assertEquals("4", config.flinkConfiguration().toMap().get("parallelism.default"));
    }

    @Test
    void aBadConfigurationFileSaysWhatIsWrong(@TempDir Path dir) throws Exception {
        assertMessage(new String[] {"--config", dir.resolve("missing.yaml").toString()}, "does not exist");
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "kairos.kafka.bootstrap-servers: k:1\nkairos.redis.uri: redis://r:1\nkairos.cart.abandonmnet-delay: 1 min\n");
        assertMessage(new String[] {"--config", typo.toString()}, "unknown option 'kairos.cart.abandonmnet-delay'");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "kairos: [unclosed\n");
        assertMessage(new String[] {"--config", broken.toString()}, "not valid YAML");
    }

    @Test
    void secretsComeFromMountedFilesAndAreQuotedForJaas(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("kafka-password");
        Files.writeString(secret, "s3cr\"et\n");
        JobConfig config = JobConfig.fromArgs(
                with("--kairos.kafka.security-protocol", "SASL_SSL", "--kairos.kafka.sasl-username", "kairos"),
                Map.of("KAIROS_KAFKA_SASL_PASSWORD_FILE", secret.toString()));
        Properties kafka = config.kafkaSecurityProperties();
        assertEquals("SASL_SSL", kafka.getProperty("security.protocol"));
        assertEquals("SCRAM-SHA-512", kafka.getProperty("sasl.mechanism"));
        assertEquals(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"kairos\" password=\"s3cr\\\"et\";",
                kafka.getProperty("sasl.jaas.config"),
                "the file's content without its newline, quoted for JAAS");

        InvalidConfigException both = assertThrows(InvalidConfigException.class, () -> JobConfig.fromArgs(REQUIRED,
                Map.of("KAIROS_KAFKA_SASL_PASSWORD", "x", "KAIROS_KAFKA_SASL_PASSWORD_FILE", secret.toString())));
        assertTrue(both.getMessage().contains("set one of them"), both.getMessage());
        InvalidConfigException unreadable = assertThrows(InvalidConfigException.class, () -> JobConfig.fromArgs(REQUIRED,
                Map.of("KAIROS_KAFKA_SASL_PASSWORD_FILE", dir.resolve("nope").toString())));
        assertTrue(unreadable.getMessage().contains("KAIROS_KAFKA_SASL_PASSWORD_FILE"), unreadable.getMessage());
    }

    @Test
    void aVariableThatNamesAnOptionIsThatOptionNotASecretFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("redis-password");
        Files.writeString(secret, "hunter2\n");
        JobConfig config = JobConfig.fromArgs(REQUIRED, Map.of("KAIROS_REDIS_PASSWORD_FILE", secret.toString()));
        assertEquals(secret.toString(), config.get(RedisOptions.REDIS_PASSWORD_FILE), "the path, for the TaskManagers");
        assertEquals(null, config.get(RedisOptions.REDIS_PASSWORD), "the secret itself stays out of the job graph");
    }

    @Test
    void saslNeedsAUserAndAPasswordAndAKnownMechanism() {
        assertMessage(with("--kairos.kafka.security-protocol", "SASL_PLAINTEXT"), "'kairos.kafka.sasl-username' is required");
        assertMessage(with("--kairos.kafka.security-protocol", "SASL_PLAINTEXT", "--kairos.kafka.sasl-username", "u",
                "--kairos.kafka.sasl-password", "p", "--kairos.kafka.sasl-mechanism", "GSSAPI"), "allowed: PLAIN");
        assertMessage(with("--kairos.kafka.security-protocol", "TLS"), "kairos.kafka.security-protocol");
        Properties plaintext = JobConfig.fromArgs(REQUIRED, Map.of()).kafkaSecurityProperties();
        assertEquals("PLAINTEXT", plaintext.getProperty("security.protocol"));
        assertEquals(null, plaintext.getProperty("sasl.jaas.config"));
    }

    @Test
    void aReplayFromATimeNeedsTheTime() {
        JobConfig config = JobConfig.fromArgs(with("--kairos.kafka.starting-offsets", "TIMESTAMP",
                "--kairos.kafka.starting-timestamp", "2026-11-01T00:00:00Z"), Map.of());
        assertEquals(1793491200000L, config.startingTimestamp());
        assertEquals(1793491200000L, JobConfig.fromArgs(with("--kairos.kafka.starting-offsets", "TIMESTAMP",
                "--kairos.kafka.starting-timestamp", "1793491200000"), Map.of()).startingTimestamp());
        assertMessage(with("--kairos.kafka.starting-offsets", "TIMESTAMP"), "'kairos.kafka.starting-timestamp' is required");
        assertMessage(with("--kairos.kafka.starting-offsets", "TIMESTAMP", "--kairos.kafka.starting-timestamp", "yesterday"),
                "expected an ISO-8601 instant");
        assertMessage(with("--kairos.kafka.starting-timestamp", "1793491200000"), "set both or neither");
    }

    private static void assertMessage(String[] args, String expected) {
        InvalidConfigException e =
                assertThrows(InvalidConfigException.class, () -> JobConfig.fromArgs(args, Map.of()));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
