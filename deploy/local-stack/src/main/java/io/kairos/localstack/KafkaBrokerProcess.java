package io.kairos.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka broker in its own JVM ({@link KafkaBrokerMain}) with its data in a directory: it can be
 * stopped (SIGTERM, a clean shutdown), killed (SIGKILL) and started again on the same ports and
 * data, so its topics and records survive. Its output goes to {@code <dir>/kafka.log}.
 */
public final class KafkaBrokerProcess extends ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final List<String> jvmOptions;

    private KafkaBrokerProcess(Path dir, int port, int controllerPort, List<String> jvmOptions) {
        // stop(): SIGTERM, Kafka's shutdown hook closes the logs cleanly; SIGKILL after a minute.
        super("Kafka broker", Duration.ofSeconds(60));
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Starts a broker on {@code dir} (formatted on the first start) and waits until it answers a
     * client. The child JVM gets this JVM's classpath, which has the Kafka jars.
     */
    public static KafkaBrokerProcess start(Path dir, int port, int controllerPort) throws IOException {
        return start(dir, port, controllerPort, List.of("-Xmx512m"));
    }

    public static KafkaBrokerProcess start(Path dir, int port, int controllerPort, List<String> jvmOptions)
            throws IOException {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port, controllerPort, jvmOptions);
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dir() {
        return dir;
    }

    /** Stops the broker; the directory stays (it is the stack's data). */
    @Override
    public void close() {
        stop();
    }

    @Override
    synchronized void startProcess() throws IOException {
        Files.createDirectories(dir);
        Path log4j = writeLogConfig();
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        options.add("-Dlog4j.configurationFile=" + log4j.toUri());
        List<String> command = ChildJvm.command(options, KafkaBrokerMain.class,
                List.of(dir.toString(), String.valueOf(port), String.valueOf(controllerPort)));
        Process process = launch(command, dir.resolve("kafka.log"));
        awaitReady(process);
        LOG.info("Kafka broker (pid {}) listening on {}, data in {}", process.pid(), bootstrapServers(), dir);
    }

    /** Waits until the broker answers describeCluster, or fails with the end of its log. */
    private void awaitReady(Process process) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000"))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited with " + process.exitValue() + "; its log: "
                            + ChildJvm.tail(dir.resolve("kafka.log"), 40));
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the Kafka broker", e);
        }
        kill();
        throw new IOException("the Kafka broker did not answer within " + READY_TIMEOUT + "; its log: "
                + ChildJvm.tail(dir.resolve("kafka.log"), 40));
    }

    /** Kafka's own INFO is a torrent; its start, stop and warnings are what an operator reads. */
    private Path writeLogConfig() throws IOException {
        Path file = dir.resolve("log4j2-kafka.properties");
        Files.writeString(file, String.join("\n",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = console",
                "logger.server.name = kafka.server.KafkaRaftServer",
                "logger.server.level = INFO",
                "logger.broker.name = kafka.server.BrokerServer",
                "logger.broker.level = INFO",
                "logger.log.name = kafka.log.LogManager",
                "logger.log.level = INFO",
                ""));
        return file;
    }
}
