package io.kairos.loadgen.bench;

import io.kairos.deliver.RedisSinkConfig;
import io.kairos.deliver.RedisStore;
import io.kairos.deliver.RedisUpdate;
import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos bench-redis}: how fast the Redis sink's store writes messages, per pipeline
 * batch size, against a real redis-server on this machine. Each size writes fresh messages, then
 * the same ones again (a replay: every write is a recognised duplicate). Prints messages/s (each
 * message is one {@code EVALSHA} of {@code write_message.lua}: offer, body, marker and, for push
 * channels, the stream entry) and the mean time per batch; the figures behind the default {@code
 * kairos.redis.batch-size}. With {@code redis-benchmark} on the PATH (or {@code --compare}), it
 * then runs the same script through {@code redis-benchmark -P 16} against the same server and
 * prints the ratio: how close the sink comes to what the server can take.
 */
@Command(
        name = "kairos bench-redis",
        mixinStandardHelpOptions = true,
        description = "Measures the Redis sink's write rate per pipeline batch size.")
public final class RedisSinkBenchmark implements Callable<Integer> {

    @Option(names = "--messages", defaultValue = "100000", description = "Messages per batch size (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--batch-sizes", defaultValue = "1,10,50,200,1000", split = ",",
            description = "Pipeline batch sizes to measure (default ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--push-share", defaultValue = "0.5",
            description = "Share of messages for push channels, which also get a stream entry (default ${DEFAULT-VALUE}).")
    double pushShare;

    @Option(names = "--compare", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run redis-benchmark -P 16 with the same script, if it is on the PATH (default ${DEFAULT-VALUE}).")
    boolean compare;

    @Option(names = "--redis-benchmark-clients", defaultValue = "50",
            description = "redis-benchmark -c (default ${DEFAULT-VALUE}, its own default).")
    int benchmarkClients;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RedisSinkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            System.out.printf("redis-server %s (%s)%n", redis.uri(), redis.executablePath());
            System.out.printf("%10s %14s %14s %16s %16s%n",
                    "batch", "new msg/s", "replay msg/s", "ms/batch (new)", "ms/batch (replay)");
            double best = 0;
            int bestBatch = 0;
            for (int batchSize : batchSizes) {
                RedisSinkConfig config = RedisSinkConfig.builder(redis.uri()).batchSize(batchSize).build();
                List<RedisUpdate> all = messages("b" + batchSize);
                try (RedisStore store = new RedisStore(config)) {
                    store.prepare();
                    Result fresh = writeAll(store, all, batchSize);
                    Result replay = writeAll(store, all, batchSize);
                    if (fresh.written != messages || replay.written != 0) {
                        throw new IllegalStateException(
                                "expected " + messages + " new and 0 replayed writes, got "
                                        + fresh.written + " and " + replay.written);
                    }
                    System.out.printf("%10d %,14.0f %,14.0f %16.3f %16.3f%n",
                            batchSize, fresh.perSecond(messages), replay.perSecond(messages),
                            fresh.millisPerBatch(messages, batchSize), replay.millisPerBatch(messages, batchSize));
                    if (fresh.perSecond(messages) > best) {
                        best = fresh.perSecond(messages);
                        bestBatch = batchSize;
                    }
                }
            }
            System.out.printf("sink: %,.0f message writes/s (batch %d, one connection, new messages)%n", best, bestBatch);
            if (compare) {
                compareWithRedisBenchmark(redis, best);
            }
        }
        return 0;
    }

    /** The same write_message.lua call, with random ids, through redis-benchmark -P 16. */
    private void compareWithRedisBenchmark(RedisServer redis, double sinkPerSecond) throws Exception {
        List<String> command = redisBenchmarkCommand(redis);
        if (command == null) {
            System.out.println("redis-benchmark: not on the PATH (e.g. apt-get install redis-tools); skipped");
            return;
        }
        System.out.println("redis-benchmark: " + String.join(" ", command.stream()
                .map(a -> a.matches("[\\w./:=,@+-]+") ? a : "'" + a + "'").toList()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([\\d.]+) requests per second").matcher(output);
        double rps = -1;
        while (m.find()) {
            rps = Double.parseDouble(m.group(1));
        }
        if (rps <= 0) {
            System.out.println("redis-benchmark: no result; its output was:\n" + output);
            return;
        }
        System.out.printf("redis-benchmark -P 16 -c %d: %,.0f EVALSHA write_message/s%n", benchmarkClients, rps);
        System.out.printf("sink / redis-benchmark: %.2f%n", sinkPerSecond / rps);
    }

    private List<String> redisBenchmarkCommand(RedisServer server) throws Exception {
        String binary = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(dir, "redis-benchmark");
            if (f.canExecute()) {
                binary = f.getAbsolutePath();
                break;
            }
        }
        if (binary == null) {
            return null;
        }
        String sha;
        try (redis.clients.jedis.RedisClient client = redis.clients.jedis.RedisClient.create(server.host(), server.port())) {
            sha = client.scriptLoad(writeMessageScript());
        }
        long expiresAt = System.currentTimeMillis() + 3_600_000L;
        // Random customer and message ids (new messages), all pushed (with the stream entry): the
        // sink's run with --push-share 1 writes the same. One shard tag: on one server it is all
        // the same to Redis.
        List<String> cmd = new ArrayList<>(List.of(binary, "-h", server.host(), "-p", String.valueOf(server.port()),
                "-P", "16", "-c", String.valueOf(benchmarkClients), "-n", String.valueOf(messages),
                "-r", "100000000", "-q",
                "EVALSHA", sha, "6",
                "kairos:msg:{s01}:c-__rand_int__:m-__rand_int__",
                "kairos:offers:{s01}:c-__rand_int__",
                "kairos:offers-exp:{s01}:c-__rand_int__",
                "kairos:forgotten:{s01}:c-__rand_int__",
                "kairos:sent:{s01}:m-__rand_int__",
                "kairos:stream:{s01}:email",
                "m-__rand_int__", "c-__rand_int__", Long.toString(expiresAt), "0.5",
                Long.toString(System.currentTimeMillis()), "20", Long.toString(expiresAt + 3_600_000L), "15625"));
        cmd.addAll(List.of("offerId", "offer-1", "trigger", "CROSS_SELL", "channel", "EMAIL",
                "title", "Goes with what you bought", "productId", "p-1", "score", "0.5",
                "reason", "bought p-main; the accessory complements it", "causeEventId", "e-1",
                "createdAt", Long.toString(System.currentTimeMillis()), "expiresAt", Long.toString(expiresAt),
                "var.firstName", "Ada"));
        return cmd;
    }

    private static String writeMessageScript() throws java.io.IOException {
        try (java.io.InputStream in = RedisStore.class.getResourceAsStream("write_message.lua")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private record Result(long nanos, long written) {
        double perSecond(int messages) {
            return messages / (nanos / 1e9);
        }

        double millisPerBatch(int messages, int batchSize) {
            return nanos / 1e6 / Math.ceil((double) messages / batchSize);
        }
    }

    private static Result writeAll(RedisStore store, List<RedisUpdate> all, int batchSize) {
        long now = System.currentTimeMillis();
        long written = 0;
        long start = System.nanoTime();
        for (int from = 0; from < all.size(); from += batchSize) {
            written += store.write(all.subList(from, Math.min(all.size(), from + batchSize)), now).messagesWritten;
        }
        return new Result(System.nanoTime() - start, written);
    }

    private List<RedisUpdate> messages(String run) {
        long now = System.currentTimeMillis();
        List<RedisUpdate> out = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            boolean push = (i % 100) < pushShare * 100;
            out.add(RedisUpdate.message(
                    PersonalizedMessage.newBuilder()
                            .setMessageId(run + "-" + i)
                            .setCustomerId(String.format("c-%06d", i % 50_000))
                            .setOfferId("offer-" + (i % 48))
                            .setTrigger(Trigger.CROSS_SELL)
                            .setChannel(push ? Channel.EMAIL : Channel.WEB)
                            .setTitle("Goes with what you bought")
                            .setProductId("p-" + (i % 48))
                            .setScore((i % 10) / 10.0)
                            .setReason("bought p-main; the accessory complements it")
                            .setCauseEventId("e-" + i)
                            .setCreatedAt(now)
                            .setExpiresAt(now + 3_600_000L)
                            .setTemplateVars(Map.of("firstName", "Ada"))
                            .build()));
        }
        return out;
    }
}
