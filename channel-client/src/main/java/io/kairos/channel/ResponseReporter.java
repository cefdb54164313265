package io.kairos.channel;

import io.kairos.events.Channel;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Closes the loop: what became of a message (delivered, opened, clicked, converted, dismissed)
 * goes back to the engine as an {@link OfferResponse} on the customer-events topic, keyed by
 * customer, in the {@link io.kairos.events.CustomerEventEnvelope} like every other customer event,
 * so it takes its place in the customer's one ordered log. The event id is derived from the
 * message id and the response type, so a report sent twice (a worker retried) is recognisable as
 * one. Thread-safe (the Kafka producer is).
 */
public final class ResponseReporter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final CustomerEventCodec codec = CustomerEventCodec.create();

    /** To {@link Topics#CUSTOMER_EVENTS}. */
    public ResponseReporter(String bootstrapServers) {
        this(bootstrapServers, Topics.CUSTOMER_EVENTS, new Properties());
    }

    /** {@code extra}: further producer settings, e.g. security ones. */
    public ResponseReporter(String bootstrapServers, String topic, Properties extra) {
        this.producer = KafkaBytes.producer(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5"), extra);
        this.topic = topic;
    }

    /** Reports a response to a message a stream worker received. */
    public Future<RecordMetadata> report(Delivery delivery, OfferResponseType type, long eventTime) {
        return report(
                delivery.customerId(), delivery.messageId(), delivery.offerId(), delivery.channel(),
                type, eventTime);
    }

    /** Reports a response to an offer a pull channel showed. */
    public Future<RecordMetadata> report(
            String customerId, Offer offer, OfferResponseType type, long eventTime) {
        return report(
                customerId, offer.messageId(), offer.offerId(), Channel.valueOf(offer.channel()),
                type, eventTime);
    }

    public Future<RecordMetadata> report(
            String customerId, String messageId, String offerId, Channel channel,
            OfferResponseType type, long eventTime) {
        OfferResponse response = OfferResponse.newBuilder()
                .setEventId(eventId(messageId, type))
                .setEventTime(eventTime)
                .setCustomerId(customerId)
                .setMessageId(messageId)
                .setOfferId(offerId)
                .setChannel(channel)
                .setType(type)
                .build();
        return producer.send(new ProducerRecord<>(
                topic, customerId.getBytes(StandardCharsets.UTF_8), codec.encode(response)));
    }

    /** The same message and response type always give the same event id. */
    public static String eventId(String messageId, OfferResponseType type) {
        return UUID.nameUUIDFromBytes(
                ("offer-response|" + messageId + "|" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
