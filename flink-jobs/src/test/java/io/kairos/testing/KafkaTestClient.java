package io.kairos.testing;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes what the job reads, the way the job's producers do: customer events in the
 * CustomerEventEnvelope (Avro single-object encoded), customer keys; catalog entries bare.
 */
public final class KafkaTestClient implements AutoCloseable {
    private static final CustomerEventCodec EVENTS = CustomerEventCodec.create();

    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.producer =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrapServers, "acks", "all", "linger.ms", "5"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
    }

    /** Sends and waits for the acknowledgement. */
    public void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** Sends without waiting; {@link #flush()} waits for all. */
    public void sendAsync(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    public void flush() {
        producer.flush();
    }

    /** A clock tick on every partition of every topic: event time moves to {@code instant}. */
    public void advanceEventTime(Collection<String> topics, long instant) throws Exception {
        for (String topic : topics) {
            for (var partition : producer.partitionsFor(topic)) {
                ProducerRecord<byte[], byte[]> tick =
                        new ProducerRecord<>(topic, partition.partition(), instant, null, new byte[0]);
                tick.headers().add(ClockTick.HEADER, ClockTick.encode(instant));
                producer.send(tick).get();
            }
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    /** A customer event as the customer-events topic carries it: in the envelope. */
    public static byte[] encode(CustomerUpdate u) {
        return EVENTS.encode(u);
    }

    public static byte[] encode(PurchaseEvent p) {
        return EVENTS.encode(p);
    }

    public static byte[] encode(ClickEvent c) {
        return EVENTS.encode(c);
    }

    public static byte[] encode(OfferResponse r) {
        return EVENTS.encode(r);
    }

    public static byte[] encode(OfferCatalogEntry e) {
        return AvroCodec.of(OfferCatalogEntry.class).encode(e);
    }

    @Override
    public void close() {
        producer.close();
    }
}
