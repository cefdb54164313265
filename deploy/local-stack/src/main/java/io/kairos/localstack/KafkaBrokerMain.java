package io.kairos.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * The main class of a Kafka broker's own JVM ({@link KafkaBrokerProcess} starts it): a single
 * KRaft node, broker and controller combined, on loopback, with its log in {@code <dir>/logs}.
 * The first start formats that directory; later starts find it formatted and keep its topics and
 * records. It then runs Kafka's own server main, which stops cleanly on SIGTERM (its shutdown
 * hook) and loses nothing the OS has on SIGKILL.
 *
 * <pre>java -cp ... io.kairos.localstack.KafkaBrokerMain &lt;dir&gt; &lt;port&gt; &lt;controller port&gt;</pre>
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <dir> <port> <controller port>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path config = writeConfig(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            format(config);
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /** The broker's server.properties, written on every start so that a port change takes effect. */
    static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        // One node: internal topics cannot have more than one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose (./kairos stack), never by a typo in a client.
        p.setProperty("auto.create.topics.enable", "false");
        // A local stack's disk is small: a week or 1 GiB per partition, whichever comes first.
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.retention.bytes", String.valueOf(1L << 30));
        Path file = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by io.kairos.localstack.KafkaBrokerMain on every start");
        }
        return file;
    }

    /** kafka-storage format, once: a new cluster id in a new directory. */
    private static void format(Path config) throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int code = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()}, quiet);
        if (code != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed with " + code);
        }
    }
}
