package io.kairos.learn;

import io.kairos.events.OfferFeedback;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.DecodeResult;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the offer-feedback topic back into the learning branch. The job writes this topic
 * itself, so a record that does not decode is a bug or a foreign writer: it is skipped, logged
 * and counted ({@code feedbackUndecodable}), and learning goes on without it.
 */
public class OfferFeedbackDeserializer implements KafkaRecordDeserializationSchema<OfferFeedback> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OfferFeedbackDeserializer.class);

    private transient AvroCodec<OfferFeedback> codec;
    private transient Counter undecodable;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = AvroCodec.of(OfferFeedback.class);
        undecodable = context.getMetricGroup().addGroup("kairos").counter("feedbackUndecodable");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OfferFeedback> out) {
        Optional<OfferFeedback> feedback = decode(record);
        if (feedback.isPresent()) {
            out.collect(feedback.get());
        } else if (record.value() != null) {
            if (undecodable != null) {
                undecodable.inc();
            }
            LOG.warn("skipping undecodable offer feedback at {}-{}@{}", record.topic(), record.partition(), record.offset());
        }
    }

    /** The feedback in a record; empty for a tombstone or a record that does not decode. */
    public Optional<OfferFeedback> decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        if (codec == null) {
            codec = AvroCodec.of(OfferFeedback.class);
        }
        DecodeResult<OfferFeedback> decoded = codec.decode(record.value());
        return decoded.isOk() ? Optional.of(decoded.value()) : Optional.empty();
    }

    @Override
    public TypeInformation<OfferFeedback> getProducedType() {
        return TypeInformation.of(OfferFeedback.class);
    }
}
