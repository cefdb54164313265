package io.kairos.console;

import io.kairos.cli.DurationConverter;
import io.kairos.cli.KafkaConnection;
import io.kairos.cli.RedisConnection;
import io.kairos.cli.StackFile;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./kairos console}: serves the console until Ctrl-C. */
@Command(name = "kairos console", mixinStandardHelpOptions = true,
        description = "A read-only web console over a running engine's Redis and audit topics.")
public final class ConsoleMain implements Callable<Integer> {
    /** As a channel connects, with the console's ACL user (docs/REDIS-CONTRACT.md). */
    @Mixin RedisConnection redis;

    /** For the decisions and customer-signals topics, read without a consumer group. */
    @Mixin KafkaConnection kafka;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; the console has no login).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--since", defaultValue = "24h", converter = DurationConverter.class,
            description = "How far back the audit topics are read at start, e.g. 30m, 24h, 7d (default ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--census-every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Profiles are counted (a SCAN over them) at most this often (default ${DEFAULT-VALUE}).")
    Duration censusEvery;

    public static void main(String[] args) {
        // Kafka and Redis default to the ones ./kairos stack runs, if it runs.
        System.exit(new CommandLine(new ConsoleMain()).setDefaultValueProvider(new StackFile.Defaults()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ConsoleServer.Settings settings = new ConsoleServer.Settings(host, port, since, censusEvery);
        try (ConsoleServer server = ConsoleServer.start(redis.endpoint(), kafka.bootstrapServers(), kafka.settings(), settings)) {
            System.out.println("kairos console: " + server.url() + "  (Redis " + redis.endpoint().maskedUri()
                    + ", Kafka " + kafka.bootstrapServers() + "; Ctrl-C stops it)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "kairos-console-stop"));
            stop.await();
        }
        return 0;
    }
}
