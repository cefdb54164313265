package io.kairos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The option blocks every command shares, as a command sees them. */
class SharedOptionsTest {
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin KafkaConnection kafka;
        @Mixin RedisConnection redis;
        @Mixin EventTopic topic;

        @Override
        public void run() {}
    }

    @TempDir Path dir;

    @Test
    void durationsAsPeopleTypeThemOrIso() {
        DurationConverter d = new DurationConverter();
        assertEquals(Duration.ofMillis(500), d.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), d.convert("30s"));
        assertEquals(Duration.ofMinutes(5), d.convert("5m"));
        assertEquals(Duration.ofHours(24), d.convert("24h"));
        assertEquals(Duration.ofDays(7), d.convert("7d"));
        assertEquals(Duration.ofMinutes(5), d.convert("PT5M"));
        CommandLine.TypeConversionException e =
                assertThrows(CommandLine.TypeConversionException.class, () -> d.convert("soon"));
        assertTrue(e.getMessage().contains("'soon'") && e.getMessage().contains("500ms"), e.getMessage());
    }

    @Test
    void kafkaSettingsComeFromTheCommandConfigFileAndTheBrokersFromTheOption() throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SSL\nssl.truststore.location=/etc/kafka/trust.jks\n");
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs("--bootstrap-servers", "k1:9092,k2:9092", "--command-config", config.toString());
        assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/trust.jks"), probe.kafka.settings());
        Properties client = probe.kafka.clientProperties();
        assertEquals("k1:9092,k2:9092", client.getProperty("bootstrap.servers"));
        assertEquals("SSL", client.getProperty("security.protocol"));
        assertEquals("customer-events", probe.topic.name());
    }

    @Test
    void aCommandsOwnClientSettingsWinOverTheCommandConfigFile() throws Exception {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SSL\nclient.id=from-file\n");
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs("--bootstrap-servers", "k1:9092", "--command-config", config.toString());
        assertEquals(Map.of("security.protocol", "SSL", "client.id", "mine"), probe.kafka.settings(Map.of("client.id", "mine")));
        assertEquals("from-file", probe.kafka.settings().get("client.id"), "the file's settings themselves unchanged");
    }

    @Test
    void missingBrokersAreAUsageErrorThatSaysWhatToGive() {
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe);
        cli.parseArgs();
        if (System.getenv("KAIROS_KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertFalse(probe.kafka.given());
            CommandLine.ParameterException e =
                    assertThrows(CommandLine.ParameterException.class, () -> probe.kafka.bootstrapServers());
            assertTrue(e.getMessage().contains("--bootstrap-servers"), e.getMessage());
            assertTrue(e.getCommandLine() == cli, "the error belongs to the command, for its usage text");
        }
    }

    @Test
    void redisIsTheLocalDefaultUntilNamedAndTheStackFileNamesBoth() throws Exception {
        Properties addresses = new Properties();
        addresses.setProperty(StackFile.BOOTSTRAP_SERVERS, "127.0.0.1:19092");
        addresses.setProperty(StackFile.REDIS_URI, "redis://127.0.0.1:16379");
        StackFile.write(dir, addresses);
        Probe probe = new Probe();
        new CommandLine(probe).setDefaultValueProvider(new StackFile.Defaults(dir)).parseArgs();
        if (System.getenv("KAIROS_KAFKA_BOOTSTRAP_SERVERS") == null && System.getenv("KAIROS_REDIS_URI") == null) {
            assertEquals("127.0.0.1:19092", probe.kafka.bootstrapServers());
            assertEquals("redis://127.0.0.1:16379", probe.redis.uri());
        }
        Probe bare = new Probe();
        new CommandLine(bare).parseArgs();
        if (System.getenv("KAIROS_REDIS_URI") == null) {
            assertFalse(bare.redis.given());
            assertEquals(RedisConnection.LOCAL, bare.redis.uri());
        }
    }
}
