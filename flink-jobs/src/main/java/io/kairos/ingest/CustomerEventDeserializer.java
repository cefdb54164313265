package io.kairos.ingest;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.PurchaseEvent;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.ClockTick;
import io.kairos.schemas.DecodeResult;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns every record of the customer event topics into an {@link IngestRecord}: the validated
 * event, a clock tick (a record with the {@link ClockTick#HEADER} header, whatever its topic), or
 * a dead letter with the reason. Never throws, so one poison record cannot put the job
 * into a restart loop. Which Avro type a topic carries comes from the topic name.
 */
public class CustomerEventDeserializer implements KafkaRecordDeserializationSchema<IngestRecord> {
    private static final long serialVersionUID = 1L;

    /** What a topic carries. */
    public enum Kind {
        CLICK,
        PURCHASE,
        CUSTOMER_UPDATE,
        OFFER_RESPONSE
    }

    private final Map<String, Kind> kindByTopic;

    private transient AvroCodec<ClickEvent> clicks;
    private transient AvroCodec<PurchaseEvent> purchases;
    private transient AvroCodec<CustomerUpdate> updates;
    private transient AvroCodec<OfferResponse> responses;

    public CustomerEventDeserializer(Map<String, Kind> kindByTopic) {
        this.kindByTopic = Map.copyOf(Objects.requireNonNull(kindByTopic));
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        initCodecs();
    }

    private void initCodecs() {
        clicks = AvroCodec.of(ClickEvent.class);
        purchases = AvroCodec.of(PurchaseEvent.class);
        updates = AvroCodec.of(CustomerUpdate.class);
        responses = AvroCodec.of(OfferResponse.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestRecord> out) {
        out.collect(toIngestRecord(record));
    }

    /** The decision for one record; public so that it can be tested without a Kafka source. */
    public IngestRecord toIngestRecord(ConsumerRecord<byte[], byte[]> record) {
        if (clicks == null) {
            initCodecs();
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
        Kind kind = kindByTopic.get(record.topic());
        if (kind == null) {
            return IngestRecord.deadLetter(
                    DeadLetters.of(record, "topic " + record.topic() + " is not an input topic"));
        }
        switch (kind) {
            case CLICK:
                return decode(record, clicks, EventValidator::check, CustomerEvent::of);
            case PURCHASE:
                return decode(record, purchases, EventValidator::check, CustomerEvent::of);
            case CUSTOMER_UPDATE:
                return decode(record, updates, EventValidator::check, CustomerEvent::of);
            case OFFER_RESPONSE:
                return decode(record, responses, EventValidator::check, CustomerEvent::of);
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> IngestRecord decode(
            ConsumerRecord<byte[], byte[]> record,
            AvroCodec<T> codec,
            Function<T, Optional<String>> validator,
            Function<T, CustomerEvent> wrap) {
        DecodeResult<T> decoded = codec.decode(record.value());
        if (!decoded.isOk()) {
            return IngestRecord.deadLetter(DeadLetters.of(record, decoded.error()));
        }
        Optional<String> problem = validator.apply(decoded.value());
        if (problem.isPresent()) {
            return IngestRecord.deadLetter(DeadLetters.of(record, problem.get()));
        }
        return IngestRecord.event(wrap.apply(decoded.value()));
    }

    @Override
    public TypeInformation<IngestRecord> getProducedType() {
        return TypeInformation.of(IngestRecord.class);
    }
}
