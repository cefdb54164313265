package io.kairos.console;

import io.kairos.channel.ChannelCli;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
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
    @Mixin ChannelCli.RedisOptions redis;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAIROS_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka, for the decisions and customer-signals topics (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-property", description = "A Kafka consumer property, key=value (security etc.), repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; the console has no login).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--since", defaultValue = "24h", converter = DurationArg.class,
            description = "How far back the audit topics are read at start, e.g. 30m, 24h, 7d (default ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = "--census-every", defaultValue = "30s", converter = DurationArg.class,
            description = "Profiles are counted (a SCAN over them) at most this often (default ${DEFAULT-VALUE}).")
    Duration censusEvery;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsoleMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ConsoleServer.Settings settings = new ConsoleServer.Settings(host, port, since, censusEvery);
        try (ConsoleServer server = ConsoleServer.start(redis.endpoint(), bootstrapServers, kafkaProperties, settings)) {
            System.out.println("kairos console: " + server.url() + "  (Redis " + redis.endpoint().maskedUri()
                    + ", Kafka " + bootstrapServers + "; Ctrl-C stops it)");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "kairos-console-stop"));
            stop.await();
        }
        return 0;
    }

    /** 30s, 5m, 24h, 7d, or an ISO-8601 duration. */
    static final class DurationArg implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.matches("\\d+(ms|s|m|h|d)")) {
                    long n = Long.parseLong(v.replaceAll("\\D", ""));
                    return v.endsWith("ms") ? Duration.ofMillis(n) : switch (v.charAt(v.length() - 1)) {
                        case 's' -> Duration.ofSeconds(n);
                        case 'm' -> Duration.ofMinutes(n);
                        case 'h' -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
                return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (e.g. 30s, 5m, 24h, 7d)");
            }
        }
    }
}
