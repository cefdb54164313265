package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import static io.kairos.deliver.RedisStoreITCase.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.Delivery;
import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.channel.ResponseReporter;
import io.kairos.channel.StreamWorker;
import io.kairos.events.Channel;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.PersonalizedMessage;
import io.kairos.localstack.EmbeddedKafka;
import io.kairos.localstack.RedisServer;
import io.kairos.schemas.CustomerEventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The contract round trip, engine to channel and back: what the sink writes, read through the
 * channel client the way channels do (pull: top offers with bodies and the profile in one round
 * trip, never an expired one; push: a consumer group over the sharded stream, each message to
 * one worker, acknowledged, reclaimed from a dead worker), and responses reported to Kafka.
 */
class ChannelContractITCase {
    private static final long HOUR = 3_600_000L;

    private static RedisServer redis;
    private static UnifiedJedis client;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        client = RedisClient.create(redis.host(), redis.port());
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        client.flushAll();
    }

    private static RedisStore store() {
        return new RedisStore(RedisSinkConfig.builder(redis.uri()).maxOffersPerCustomer(20).build());
    }

    private static PersonalizedMessage fresh(String id, String customer, Channel channel, double score, long ttl) {
        PersonalizedMessage m = message(id, customer, channel, score);
        m.setCreatedAt(System.currentTimeMillis());
        m.setExpiresAt(System.currentTimeMillis() + ttl);
        return m;
    }

    @Test
    void aPullChannelGetsTheBestCurrentOffersWithBodiesAndTheProfile() {
        long now = System.currentTimeMillis();
        try (RedisStore store = store()) {
            store.write(List.of(
                    RedisUpdate.message(fresh("m-low", "c-1", Channel.WEB, 0.2, HOUR)),
                    RedisUpdate.message(fresh("m-top", "c-1", Channel.APP, 0.9, HOUR)),
                    RedisUpdate.message(fresh("m-soon", "c-1", Channel.WEB, 0.95, 2_000)),
                    RedisUpdate.message(fresh("m-mid", "c-1", Channel.EMAIL, 0.5, HOUR)),
                    RedisUpdate.profile(RedisStoreITCase.profile("c-1", now, "HIGH"))),
                    now);
        }
        OfferReader reader = new OfferReader(client);
        List<Offer> top = reader.topOffers("c-1", 3);
        assertEquals(List.of("m-soon", "m-top", "m-mid"), top.stream().map(Offer::messageId).toList());
        assertEquals("offer-m-top", top.get(1).offerId());
        assertEquals("APP", top.get(1).channel());
        assertEquals("Ada", top.get(1).fields().get("var.firstName"));

        // As of a moment after m-soon expired (its key may still be there): never returned.
        OfferReader.ScreenPop later = reader.read("c-1", 3, true, now + 3_000);
        assertEquals(List.of("m-top", "m-mid", "m-low"), later.offers().stream().map(Offer::messageId).toList());
        assertEquals("HIGH", later.profile().get("segment"));
        assertTrue(reader.screenPop("c-nobody", 5).offers().isEmpty());
        assertTrue(reader.screenPop("c-nobody", 5).profile().isEmpty());

        // A restarted Redis has lost the script: the reader loads it again by itself.
        client.scriptFlush();
        assertEquals(4, reader.topOffers("c-1", 5).size());
    }

    @Test
    void aPushChannelsWorkersShareTheStreamAckAndTakeOverFromADeadWorker() throws Exception {
        List<RedisUpdate> batch = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            batch.add(RedisUpdate.message(fresh("m-" + i, "c-" + i, Channel.EMAIL, 0.5, HOUR)));
            sent.add("m-" + i);
        }
        batch.add(RedisUpdate.message(fresh("m-sms", "c-1", Channel.SMS, 0.5, HOUR)));
        try (RedisStore store = store()) {
            store.write(batch, System.currentTimeMillis());
        }
        StreamWorker alive = new StreamWorker(client, Channel.EMAIL, "senders", "alive");
        StreamWorker doomed = new StreamWorker(client, Channel.EMAIL, "senders", "doomed");
        alive.createGroup(true);
        doomed.createGroup(true); // a repeat changes nothing

        List<Delivery> toDoomed = doomed.poll(1);
        List<Delivery> toAlive = alive.poll(100);
        assertTrue(!toDoomed.isEmpty() && !toAlive.isEmpty());
        Set<String> seen = new HashSet<>();
        for (Delivery d : toDoomed) {
            assertTrue(seen.add(d.messageId()));
        }
        for (Delivery d : toAlive) {
            assertTrue(seen.add(d.messageId()), d.messageId() + " was handed to one worker only");
            assertEquals(Channel.EMAIL, d.channel());
            assertEquals(ContractKeys.message(d.customerId(), d.messageId()), d.fields().get("messageKey"));
        }
        assertEquals(sent, seen, "every email message, once; the SMS is on another stream");
        assertEquals(toAlive.size(), alive.ack(toAlive));
        assertEquals(toDoomed.size(), alive.pending());
        assertTrue(alive.poll(100).isEmpty());

        // "doomed" dies without acknowledging; once its entries sat idle, "alive" takes them over.
        assertTrue(alive.reclaim(Duration.ofMinutes(1), 100).isEmpty(), "not idle long enough yet");
        Thread.sleep(150);
        List<Delivery> reclaimed = alive.reclaim(Duration.ofMillis(100), 100);
        assertEquals(toDoomed.stream().map(Delivery::messageId).toList(),
                reclaimed.stream().map(Delivery::messageId).toList());
        alive.ack(reclaimed);
        assertEquals(0, alive.pending());
    }

    @Test
    void aWithdrawnMessagesStreamEntryIsAcknowledgedAndNotHandedToTheWorker() {
        long now = System.currentTimeMillis();
        try (RedisStore store = store()) {
            store.write(List.of(
                    RedisUpdate.message(fresh("m-1", "c-1", Channel.SMS, 0.5, HOUR)),
                    RedisUpdate.message(fresh("m-2", "c-2", Channel.SMS, 0.5, HOUR)),
                    RedisUpdate.message(fresh("m-3", "c-1", Channel.WEB, 0.5, HOUR)),
                    RedisUpdate.message(fresh("m-4", "c-3", Channel.SMS, 0.5, HOUR))),
                    now);
        }
        StreamWorker worker = new StreamWorker(client, Channel.SMS, "sms-senders", "w-1");
        worker.createGroup(true);
        // c-1 revokes SMS before the worker read it; c-3 is forgotten.
        try (RedisStore store = store()) {
            RedisStore.BatchResult r = store.write(List.of(
                    RedisUpdate.withdraw("c-1", Channel.SMS, System.currentTimeMillis()),
                    RedisUpdate.forget("c-3", now, now + HOUR)), now);
            assertEquals(1, r.messagesWithdrawn);
        }
        List<Delivery> got = worker.poll(10);
        assertEquals(List.of("m-2"), got.stream().map(Delivery::messageId).toList());
        assertEquals(2, worker.skipped());
        worker.ack(got);
        assertEquals(0, worker.pending(), "the skipped entries are acknowledged");
        assertTrue(worker.poll(10).isEmpty());
        assertEquals(List.of("m-3"), new OfferReader(client).topOffers("c-1", 5).stream().map(Offer::messageId).toList(),
                "the web offer stays: only SMS was revoked");
    }

    @Test
    void responsesGoBackToTheCustomerEventTopicInTheEnvelope() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String topic = "customer-events-" + System.nanoTime();
            kafka.createTopics(1, List.of(topic));
            try (RedisStore store = store()) {
                store.write(List.of(RedisUpdate.message(fresh("m-1", "c-1", Channel.PUSH, 0.5, HOUR))),
                        System.currentTimeMillis());
            }
            StreamWorker worker = new StreamWorker(client, Channel.PUSH, "push-senders", "w-1");
            worker.createGroup(true);
            Delivery delivery = worker.poll(10).get(0);
            try (ResponseReporter reporter = new ResponseReporter(kafka.bootstrapServers(), topic, new Properties())) {
                reporter.report(delivery, OfferResponseType.DELIVERED, 1_000L).get();
                Offer shown = new OfferReader(client).topOffers("c-1", 1).get(0);
                reporter.report("c-1", shown, OfferResponseType.CLICKED, 2_000L).get();
            }
            worker.ack(List.of(delivery));

            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
            List<OfferResponse> responses = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (responses.size() < 2 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        assertEquals("c-1", new String(r.key()));
                        responses.add((OfferResponse) CustomerEventCodec.create().decode(r.value()).value());
                    }
                }
            }
            assertEquals(List.of(OfferResponseType.DELIVERED, OfferResponseType.CLICKED),
                    responses.stream().map(OfferResponse::getType).toList());
            assertEquals("m-1", responses.get(0).getMessageId());
            assertEquals("offer-m-1", responses.get(0).getOfferId());
            assertEquals(Channel.PUSH, responses.get(0).getChannel());
            assertEquals(ResponseReporter.eventId("m-1", OfferResponseType.DELIVERED), responses.get(0).getEventId());
        }
    }
}
