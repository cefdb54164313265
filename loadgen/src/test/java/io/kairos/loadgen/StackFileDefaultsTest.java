package io.kairos.loadgen;

import io.kairos.cli.StackFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StackFileDefaultsTest {
    @Test
    void aCommandGivenNoAddressesTakesTheStacks(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty(StackFile.BOOTSTRAP_SERVERS, "127.0.0.1:19092");
        p.setProperty(StackFile.REDIS_URI, "redis://127.0.0.1:16379");
        StackFile.write(dir, p);

        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).setDefaultValueProvider(new StackFile.Defaults(dir)).parseArgs("--file", "x.avro");
        assertEquals("127.0.0.1:19092", replay.kafka.bootstrapServers(), "the stack's brokers when none are given");

        ReplayCommand given = new ReplayCommand();
        new CommandLine(given).setDefaultValueProvider(new StackFile.Defaults(dir))
                .parseArgs("--file", "x.avro", "--bootstrap-servers", "kafka:9092");
        assertEquals("kafka:9092", given.kafka.bootstrapServers(), "an address given wins");
    }

    @Test
    void loadgenDoesNotMeasureThroughRedisUnlessAsked(@TempDir Path dir) throws Exception {
        Properties p = new Properties();
        p.setProperty(StackFile.BOOTSTRAP_SERVERS, "127.0.0.1:19092");
        p.setProperty(StackFile.REDIS_URI, "redis://127.0.0.1:16379");
        StackFile.write(dir, p);
        LoadgenMain loadgen = new LoadgenMain();
        new CommandLine(loadgen).setDefaultValueProvider(new StackFile.Defaults(dir).exceptRedisUriOf(LoadgenMain.class)).parseArgs();
        assertEquals("127.0.0.1:19092", loadgen.kafka.bootstrapServers());
        if (System.getenv("KAIROS_REDIS_URI") == null) {
            assertFalse(loadgen.redisConnection.given(), "loadgen measures latency only when asked to");
        }
    }

    @Test
    void withoutAStackNothingIsFilledIn(@TempDir Path dir) {
        assertTrue(StackFile.read(dir).isEmpty());
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).setDefaultValueProvider(new StackFile.Defaults(dir)).parseArgs("--file", "x.avro");
        if (System.getenv("KAIROS_KAFKA_BOOTSTRAP_SERVERS") == null) {
            assertFalse(replay.kafka.given(), "no brokers: the command says --bootstrap-servers is missing");
        }
    }
}
