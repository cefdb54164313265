package io.kairos.demo.local;

import io.kairos.cli.StackFile;
import io.kairos.loadgen.engine.EngineTopics;
import io.kairos.localstack.LocalStack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos stack}: Kafka (KRaft, its own JVM) and redis-server (append-only file on) as
 * their own processes, data in {@code --dir}, the engine's topics created. Writes their addresses
 * to {@code <dir>/stack.properties}, which {@code job}, {@code loadgen}, {@code replay} and the
 * other commands read when not given addresses. Started again on the same directory, it has the
 * same topics, records and Redis data, on the same ports. A part that dies (kill -9) is started
 * again after a few seconds, on its data. Ctrl-C stops both cleanly.
 */
@Command(
        name = "kairos stack",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs Kafka and Redis as their own processes with their data in a directory.")
public final class StackCommand implements Callable<Integer> {
    static final String KAFKA_PORT = "kafka.port";
    static final String CONTROLLER_PORT = "kafka.controller.port";
    static final String REDIS_PORT = "redis.port";

    @Option(names = "--dir", description = "Data directory (default: $KAIROS_STACK_DIR, else .kairos/stack in the checkout).")
    Path dir;

    @Option(names = "--kafka-port", description = "Kafka's port (default: the one of the last start on this directory, else 9092; 0: a free one).")
    Integer kafkaPort;

    @Option(names = "--kafka-controller-port", description = "The KRaft controller's port (default: as before, else 9093).")
    Integer controllerPort;

    @Option(names = "--redis-port", description = "Redis's port (default: as before, else 6379; 0: a free one).")
    Integer redisPort;

    @Mixin TopicPartitions partitions;

    @Option(names = "--restart-after", defaultValue = "5",
            description = "Seconds after which a part that died is started again on its data; 0: never (default ${DEFAULT-VALUE}).")
    int restartAfter;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new StackCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path home = (dir != null ? dir : StackFile.defaultDir()).toAbsolutePath();
        Optional<Properties> before = StackFile.read(home);
        LocalStack.Ports ports = new LocalStack.Ports(
                port(kafkaPort, before, KAFKA_PORT, 9092),
                port(controllerPort, before, CONTROLLER_PORT, 9093),
                port(redisPort, before, REDIS_PORT, 6379));
        for (int p : new int[] {ports.kafka(), ports.kafkaController(), ports.redis()}) {
            if (p != 0 && !free(p)) {
                say("kairos stack: port " + p + " is in use (another stack?); choose others, e.g. --kafka-port 0"
                        + " --kafka-controller-port 0 --redis-port 0 for free ones");
                return 2;
            }
        }
        say((before.isPresent() ? "starting the stack again on " : "starting a new stack in ") + home + " ...");
        LocalStack stack = LocalStack.start(home, ports);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack), "kairos-stack-shutdown"));
        partitions.create(stack.bootstrapServers());
        Path file = StackFile.write(home, addresses(stack, home));
        say("  kafka   " + stack.bootstrapServers() + "   (pid " + stack.kafka().pid() + ", KRaft, data "
                + stack.kafka().dir() + ", log " + stack.kafka().dir().resolve("kafka.log") + ")");
        say("  redis   " + stack.redisUri() + "   (pid " + stack.redis().pid() + ", append-only file in "
                + stack.redis().workDir() + ", " + stack.redis().executablePath() + ")");
        say("  topics  " + String.join(", ", EngineTopics.NAMES));
        say("  written " + file + " (job, loadgen, replay, ... read it when given no addresses)");
        say("running; Ctrl-C stops both cleanly (the data stays; start again with the same --dir)");
        supervise(stack);
        return 0;
    }

    private static int port(Integer given, Optional<Properties> before, String key, int fallback) {
        if (given != null) {
            return given;
        }
        return before.map(p -> p.getProperty(key)).map(Integer::parseInt).orElse(fallback);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties addresses(LocalStack stack, Path home) {
        Properties p = new Properties();
        p.setProperty(StackFile.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        p.setProperty(StackFile.REDIS_URI, stack.redisUri());
        p.setProperty(KAFKA_PORT, String.valueOf(stack.ports().kafka()));
        p.setProperty(CONTROLLER_PORT, String.valueOf(stack.ports().kafkaController()));
        p.setProperty(REDIS_PORT, String.valueOf(stack.ports().redis()));
        p.setProperty("dir", home.toString());
        return p;
    }

    /**
     * Until Ctrl-C: a part that died (kill -9, a crash) is reported at once and started again on
     * its data after {@code --restart-after} seconds, as a process supervisor would.
     */
    private void supervise(LocalStack stack) throws InterruptedException {
        while (!stopping.await(1, TimeUnit.SECONDS)) {
            if (!stack.redis().isRunning()) {
                restart("redis-server", () -> stack.redis().startAgain(), stack.redisUri());
            }
            if (!stack.kafka().isRunning()) {
                restart("Kafka broker", () -> stack.kafka().startAgain(), stack.bootstrapServers());
            }
        }
        stopped.await(90, TimeUnit.SECONDS);
    }

    private interface Start {
        void run() throws IOException;
    }

    private void restart(String part, Start start, String address) throws InterruptedException {
        // On Ctrl-C the parts get the signal too and may be gone before the shutdown hook runs.
        if (stopping.await(Math.max(1, restartAfter), TimeUnit.SECONDS) || restartAfter == 0) {
            return;
        }
        say(part + " is down; starting it again on its data ...");
        try {
            start.run();
            say(part + " is back on " + address);
        } catch (IOException e) {
            say(part + " did not come back: " + e.getMessage());
        }
    }

    private void stop(LocalStack stack) {
        stopping.countDown();
        say("stopping Kafka and Redis ...");
        stack.close();
        say("stopped; the data is in " + stack.kafka().dir().getParent());
        stopped.countDown();
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
