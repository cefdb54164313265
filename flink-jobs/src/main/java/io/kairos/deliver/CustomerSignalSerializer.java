package io.kairos.deliver;

import io.kairos.events.CustomerSignal;
import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a customer signal keyed by customerId (one customer's signals stay in order in one
 * partition), value = Avro single-object encoding, Kafka timestamp = the signal's event time so
 * consumers can use the topic's time index to replay from a moment.
 */
public class CustomerSignalSerializer implements KafkaRecordSerializationSchema<CustomerSignal> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient AvroCodec<CustomerSignal> codec;

    public CustomerSignalSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(CustomerSignal.class);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(CustomerSignal signal, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(CustomerSignal.class);
        }
        // The Kafka timestamp is the time of writing, not the signal's event time (which is in
        // the payload): a replay of last year would otherwise write records that time-based
        // retention deletes at its next check, before any consumer has read them.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                signal.getCustomerId().getBytes(StandardCharsets.UTF_8),
                codec.encode(signal));
    }
}
