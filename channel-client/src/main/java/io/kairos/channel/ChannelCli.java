package io.kairos.channel;

import io.kairos.events.Channel;
import io.kairos.events.OfferResponseType;
import io.kairos.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code ./kairos channel ...}: what a delivery channel sees and does, from a shell. {@code
 * offers} fetches a customer's top offers (and profile), {@code consume} works a channel's stream
 * as one worker of a consumer group (acknowledging, reclaiming from dead workers, optionally
 * reporting DELIVERED), {@code respond} reports a response to the customer-events topic.
 */
@Command(
        name = "kairos channel",
        mixinStandardHelpOptions = true,
        subcommands = {ChannelCli.Offers.class, ChannelCli.Consume.class, ChannelCli.Respond.class},
        description = "A delivery channel's view of the Redis contract (v3), and its responses.")
public final class ChannelCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChannelCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * Redis connection options; the password comes from the environment or a file only. Public:
     * the console connects with the same options, as a channel's kind of user.
     */
    public static final class RedisOptions {
        @Option(names = "--redis-uri", defaultValue = "${env:KAIROS_REDIS_URI:-redis://127.0.0.1:6379}",
                description = "redis:// or rediss:// (TLS) URI (default ${DEFAULT-VALUE}; env KAIROS_REDIS_URI).")
        String uri;

        @Option(names = "--redis-cluster", description = "The URI names a seed node of a Redis Cluster.")
        boolean cluster;

        @Option(names = "--redis-user", defaultValue = "${env:KAIROS_REDIS_USER}", description = "ACL user (env KAIROS_REDIS_USER).")
        String user;

        @Option(names = "--redis-password-file", defaultValue = "${env:KAIROS_REDIS_PASSWORD_FILE}",
                description = "File with the password; else env KAIROS_REDIS_PASSWORD (never an argument: it would show in ps).")
        String passwordFile;

        @Option(names = "--redis-truststore", description = "Trust store for rediss://.")
        String trustStore;

        public RedisEndpoint endpoint() {
            return RedisEndpoint.builder(uri)
                    .cluster(cluster)
                    .user(user)
                    .password(System.getenv("KAIROS_REDIS_PASSWORD"))
                    .passwordFile(passwordFile)
                    .trustStore(trustStore, System.getenv("KAIROS_REDIS_TRUSTSTORE_PASSWORD"))
                    .build();
        }
    }

    @Command(name = "offers", mixinStandardHelpOptions = true,
            description = "A customer's best current offers with their bodies, in one round trip (pull channels).")
    static final class Offers implements Callable<Integer> {
        @Mixin RedisOptions redis;

        @Option(names = "--customer", required = true, description = "Customer id.")
        String customer;

        @Option(names = "--top", defaultValue = "5", description = "Most offers shown (default ${DEFAULT-VALUE}).")
        int top;

        @Option(names = "--profile", description = "Also the profile (call-center screen-pop), in the same round trip.")
        boolean profile;

        @Override
        public Integer call() {
            try (UnifiedJedis client = redis.endpoint().open()) {
                OfferReader reader = new OfferReader(client);
                OfferReader.ScreenPop pop = reader.read(customer, top, profile, System.currentTimeMillis());
                if (profile) {
                    System.out.println("profile " + (pop.profile().isEmpty() ? "(none)" : pop.profile()));
                }
                System.out.println(pop.offers().size() + " offer(s) for " + customer + ", best first:");
                for (Offer offer : pop.offers()) {
                    System.out.printf("  %s  score %.3f  %s/%s  %s  offer %s%n", offer.messageId(), offer.score(),
                            offer.fields().get("trigger"), offer.channel(), offer.title(), offer.offerId());
                }
            }
            return 0;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
            description = "Work a push channel's stream as one worker of a consumer group: read, ack, reclaim from dead workers.")
    static final class Consume implements Callable<Integer> {
        @Mixin RedisOptions redis;

        @Option(names = "--channel", required = true, description = "EMAIL, SMS or PUSH.")
        Channel channel;

        @Option(names = "--group", defaultValue = "senders", description = "Consumer group (default ${DEFAULT-VALUE}).")
        String group;

        @Option(names = "--consumer", defaultValue = "worker-1", description = "This worker's name in the group (default ${DEFAULT-VALUE}).")
        String consumer;

        @Option(names = "--max", defaultValue = "10", description = "Stop after this many messages (default ${DEFAULT-VALUE}; 0: no limit).")
        int max;

        @Option(names = "--duration", defaultValue = "10s", converter = DurationArg.class,
                description = "Stop after this long (default ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--reclaim-idle", defaultValue = "60s", converter = DurationArg.class,
                description = "Take over entries other workers left unacknowledged this long (default ${DEFAULT-VALUE}).")
        Duration reclaimIdle;

        @Option(names = "--no-ack", description = "Read without acknowledging (as a worker that dies would).")
        boolean noAck;

        @Option(names = "--report-delivered", description = "Report DELIVERED for each message to the customer event topic.")
        boolean reportDelivered;

        @Option(names = "--topic", defaultValue = Topics.CUSTOMER_EVENTS,
                description = "The job's customer event topic, for --report-delivered (default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAIROS_KAFKA_BOOTSTRAP_SERVERS}",
                description = "Kafka, for --report-delivered.")
        String bootstrapServers;

        @Override
        public Integer call() throws Exception {
            if (reportDelivered && bootstrapServers == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--report-delivered needs --bootstrap-servers");
            }
            long deadline = System.nanoTime() + duration.toNanos();
            int handled = 0;
            try (UnifiedJedis client = redis.endpoint().open();
                    ResponseReporter reporter =
                            reportDelivered ? new ResponseReporter(bootstrapServers, topic, new Properties()) : null) {
                StreamWorker worker = new StreamWorker(client, channel, group, consumer);
                worker.createGroup(true);
                while (System.nanoTime() < deadline && (max == 0 || handled < max)) {
                    List<Delivery> batch = new ArrayList<>(worker.reclaim(reclaimIdle, 10));
                    batch.addAll(worker.poll(10));
                    if (batch.isEmpty()) {
                        Thread.sleep(200);
                        continue;
                    }
                    List<Delivery> done = new ArrayList<>();
                    for (Delivery d : batch) {
                        if (max != 0 && handled >= max) {
                            break;
                        }
                        System.out.printf("%s %s  customer %s  message %s  %s  offer %s%n",
                                channel, d.entryId(), d.customerId(), d.messageId(), d.title(), d.offerId());
                        if (reporter != null) {
                            reporter.report(d, OfferResponseType.DELIVERED, System.currentTimeMillis());
                        }
                        done.add(d);
                        handled++;
                    }
                    if (reporter != null) {
                        reporter.flush(); // reported before acknowledged: at least once
                    }
                    if (!noAck) {
                        worker.ack(done);
                    }
                }
                System.out.printf("%d message(s) handled; %d pending in group %s%n", handled, worker.pending(), group);
            }
            return 0;
        }
    }

    @Command(name = "respond", mixinStandardHelpOptions = true,
            description = "Report what became of a message to the customer event topic.")
    static final class Respond implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAIROS_KAFKA_BOOTSTRAP_SERVERS}",
                description = "Kafka bootstrap servers (env KAIROS_KAFKA_BOOTSTRAP_SERVERS).")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = Topics.CUSTOMER_EVENTS,
                description = "The job's customer event topic (default ${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--customer", required = true) String customer;
        @Option(names = "--message-id", required = true) String messageId;
        @Option(names = "--offer-id", required = true) String offerId;
        @Option(names = "--channel", required = true, description = "WEB, APP, EMAIL, SMS, PUSH, CALL_CENTER.") Channel channel;

        @Option(names = "--type", required = true, description = "DELIVERED, OPENED, CLICKED, CONVERTED, DISMISSED.")
        OfferResponseType type;

        @Override
        public Integer call() throws Exception {
            if (bootstrapServers == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "missing --bootstrap-servers");
            }
            try (ResponseReporter reporter = new ResponseReporter(bootstrapServers, topic, new Properties())) {
                var meta = reporter.report(customer, messageId, offerId, channel, type, System.currentTimeMillis()).get();
                System.out.printf("%s reported: %s-%d@%d%n", type, meta.topic(), meta.partition(), meta.offset());
            }
            return 0;
        }
    }

    /** 10s, 5m, 250ms, or an ISO-8601 duration. */
    static final class DurationArg implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            Map<String, Duration> units = Map.of("ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
                    "m", Duration.ofMinutes(1), "h", Duration.ofHours(1));
            for (String unit : List.of("ms", "s", "m", "h")) {
                if (v.endsWith(unit) && v.substring(0, v.length() - unit.length()).matches("\\d+")) {
                    return units.get(unit).multipliedBy(Long.parseLong(v.substring(0, v.length() - unit.length())));
                }
            }
            return Duration.parse(value);
        }
    }
}
