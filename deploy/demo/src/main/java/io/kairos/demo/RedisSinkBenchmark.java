package io.kairos.demo;

import io.kairos.deliver.RedisStore;
import io.kairos.deliver.RedisUpdate;
import io.kairos.deliver.RedisSinkConfig;
import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.localstack.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kairos bench-redis}: how fast the Redis sink's store writes messages, per pipeline
 * batch size, against a real redis-server on this machine. Each size writes fresh messages, then
 * the same ones again (a replay: every write is a recognised duplicate). Prints messages/s and
 * the mean time per batch; the figures behind the default {@code kairos.redis.batch-size}.
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new RedisSinkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            System.out.printf("redis-server %s (%s)%n", redis.uri(), redis.executablePath());
            System.out.printf("%10s %14s %14s %16s %16s%n",
                    "batch", "new msg/s", "replay msg/s", "ms/batch (new)", "ms/batch (replay)");
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
                }
            }
        }
        return 0;
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
