package io.kairos.ingest;

import io.kairos.schemas.ClockTick;
import io.kairos.schemas.CustomerEventCodec;
import io.kairos.schemas.DecodeResult;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns every record of the customer event topics into an {@link IngestRecord}: the validated
 * event, a clock tick (a record with the {@link ClockTick#HEADER} header), or a dead letter with
 * the reason. Never throws, so one poison record cannot put the job into a restart loop.
 *
 * <p>Every input topic carries the same format, a {@link io.kairos.events.CustomerEventEnvelope}
 * (see {@link CustomerEventCodec}: older envelope versions and bare payloads decode too), so the
 * topic name plays no part: any topic the job is told to read ({@code kairos.events.topics}) is
 * read the same way. The record's Kafka timestamp becomes {@link CustomerEvent#producedAt}.
 */
public class CustomerEventDeserializer implements KafkaRecordDeserializationSchema<IngestRecord> {
    private static final long serialVersionUID = 2L;

    private transient CustomerEventCodec codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = CustomerEventCodec.create();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestRecord> out) {
        out.collect(toIngestRecord(record));
    }

    /** The decision for one record; public so that it can be tested without a Kafka source. */
    public IngestRecord toIngestRecord(ConsumerRecord<byte[], byte[]> record) {
        if (codec == null) {
            codec = CustomerEventCodec.create();
        }
        // A tick before anything else: its key and value are not an event and need no decoding.
        Header tick = record.headers() == null ? null : record.headers().lastHeader(ClockTick.HEADER);
        if (tick != null) {
            try {
                return IngestRecord.clockTick(ClockTick.parse(tick.value()));
            } catch (IllegalArgumentException e) {
                // Kept as a dead letter: whoever sent it meant to move event time and must learn
                // that it did not.
                return IngestRecord.deadLetter(DeadLetters.of(record, "malformed clock tick: " + e.getMessage()));
            }
        }
        DecodeResult<SpecificRecord> decoded = codec.decode(record.value());
        if (!decoded.isOk()) {
            return IngestRecord.deadLetter(DeadLetters.of(record, decoded.error()));
        }
        CustomerEvent event = CustomerEvent.of(decoded.value());
        Optional<String> problem = EventValidator.check(event);
        if (problem.isPresent()) {
            return IngestRecord.deadLetter(DeadLetters.of(record, problem.get()));
        }
        // Kafka's "no timestamp" is -1; 0 says unknown, as the field's contract has it.
        event.producedAt = Math.max(0L, record.timestamp());
        return IngestRecord.event(event);
    }

    @Override
    public TypeInformation<IngestRecord> getProducedType() {
        return TypeInformation.of(IngestRecord.class);
    }
}
