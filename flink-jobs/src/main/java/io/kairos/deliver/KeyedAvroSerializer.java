package io.kairos.deliver;

import io.kairos.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an Avro record (single-object encoding) keyed by one of its fields, e.g. a decision by
 * customerId so that one customer's audit stays in order in one partition, or feedback by
 * offerId. The Kafka timestamp is the time of writing, as for the signals: a replay of last
 * year must not write records that time-based retention deletes before anyone read them.
 */
public class KeyedAvroSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private transient AvroCodec<T> codec;

    public KeyedAvroSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.type = type;
        this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        try {
            return new ProducerRecord<>(
                    topic, null, null, key.apply(record).getBytes(StandardCharsets.UTF_8), codec.encode(record));
        } catch (Exception e) {
            throw new IllegalStateException("cannot key " + type.getSimpleName() + " for topic " + topic, e);
        }
    }
}
