package io.kairos.ingest;

import io.kairos.events.DeadLetter;
import io.kairos.schemas.AvroCodec;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter under the rejected record's own key (so it lands in the same partition
 * order as its neighbours did), value = the DeadLetter in Avro single-object encoding. The Kafka
 * timestamp is left to the producer: a dead letter has no trustworthy event time.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient AvroCodec<DeadLetter> codec;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(DeadLetter.class);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter deadLetter, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = AvroCodec.of(DeadLetter.class);
        }
        return new ProducerRecord<>(topic, null, null, bytes(deadLetter.getKey()), codec.encode(deadLetter));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
