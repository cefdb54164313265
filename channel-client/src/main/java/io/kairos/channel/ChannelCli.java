package io.kairos.channel;

import io.kairos.events.Channel;
import io.kairos.events.OfferResponseType;
import io.kairos.cli.DurationConverter;
import io.kairos.cli.EventTopic;
import io.kairos.cli.KafkaConnection;
import io.kairos.cli.RedisConnection;
import io.kairos.cli.StackFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        // Kafka and Redis default to the ones ./kairos stack runs, if it runs.
        System.exit(new CommandLine(new ChannelCli()).setDefaultValueProvider(new StackFile.Defaults()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "offers", mixinStandardHelpOptions = true,
            description = "A customer's best current offers with their bodies, in one round trip (pull channels).")
    static final class Offers implements Callable<Integer> {
        @Mixin RedisConnection redis;

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
        @Mixin RedisConnection redis;

        @Option(names = "--channel", required = true, description = "EMAIL, SMS or PUSH.")
        Channel channel;

        @Option(names = "--group", defaultValue = "senders", description = "Consumer group (default ${DEFAULT-VALUE}).")
        String group;

        @Option(names = "--consumer", defaultValue = "worker-1", description = "This worker's name in the group (default ${DEFAULT-VALUE}).")
        String consumer;

        @Option(names = "--max", defaultValue = "10", description = "Stop after this many messages (default ${DEFAULT-VALUE}; 0: no limit).")
        int max;

        @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
                description = "Stop after this long (default ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--reclaim-idle", defaultValue = "60s", converter = DurationConverter.class,
                description = "Take over entries other workers left unacknowledged this long (default ${DEFAULT-VALUE}).")
        Duration reclaimIdle;

        @Option(names = "--no-ack", description = "Read without acknowledging (as a worker that dies would).")
        boolean noAck;

        @Option(names = "--report-delivered", description = "Report DELIVERED for each message to the customer event topic.")
        boolean reportDelivered;

        @Mixin EventTopic topic;

        @Mixin KafkaConnection kafka;

        @Override
        public Integer call() throws Exception {
            long deadline = System.nanoTime() + duration.toNanos();
            int handled = 0;
            try (UnifiedJedis client = redis.endpoint().open();
                    ResponseReporter reporter =
                            reportDelivered ? new ResponseReporter(kafka.bootstrapServers(), topic.name(), kafka.clientProperties()) : null) {
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
        @Mixin KafkaConnection kafka;

        @Mixin EventTopic topic;

        @Option(names = "--customer", required = true) String customer;
        @Option(names = "--message-id", required = true) String messageId;
        @Option(names = "--offer-id", required = true) String offerId;
        @Option(names = "--channel", required = true, description = "WEB, APP, EMAIL, SMS, PUSH, CALL_CENTER.") Channel channel;

        @Option(names = "--type", required = true, description = "DELIVERED, OPENED, CLICKED, CONVERTED, DISMISSED.")
        OfferResponseType type;

        @Override
        public Integer call() throws Exception {
            try (ResponseReporter reporter = new ResponseReporter(kafka.bootstrapServers(), topic.name(), kafka.clientProperties())) {
                var meta = reporter.report(customer, messageId, offerId, channel, type, System.currentTimeMillis()).get();
                System.out.printf("%s reported: %s-%d@%d%n", type, meta.topic(), meta.partition(), meta.offset());
            }
            return 0;
        }
    }
}
