package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.ingest.DeadLetters;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.CatalogValidator;
import io.kairos.schemas.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the compacted offer-catalog topic (key = offerId). A tombstone withdraws the offer; an
 * entry that does not decode or validate is rejected as a dead letter and leaves the offer the
 * engine already has in place.
 */
public class CatalogDeserializer implements KafkaRecordDeserializationSchema<CatalogUpdate> {
    private static final long serialVersionUID = 1L;

    private transient AvroCodec<OfferCatalogEntry> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = AvroCodec.of(OfferCatalogEntry.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CatalogUpdate> out) {
        out.collect(toUpdate(record).withVersion(record.offset() + 1));
    }

    public CatalogUpdate toUpdate(ConsumerRecord<byte[], byte[]> record) {
        if (codec == null) {
            codec = AvroCodec.of(OfferCatalogEntry.class);
        }
        String key =
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key == null || key.isBlank()) {
                return CatalogUpdate.rejected(
                        DeadLetters.of(record, "catalog tombstone without key: which offer?"));
            }
            return CatalogUpdate.withdraw(key);
        }
        DecodeResult<OfferCatalogEntry> decoded = codec.decode(record.value());
        if (!decoded.isOk()) {
            return CatalogUpdate.rejected(DeadLetters.of(record, decoded.error()));
        }
        OfferCatalogEntry entry = decoded.value();
        Optional<String> problem = CatalogValidator.check(entry);
        if (problem.isEmpty() && key != null && !key.equals(entry.getOfferId())) {
            problem =
                    Optional.of(
                            "catalog key '" + key + "' differs from offerId '"
                                    + entry.getOfferId() + "'; compaction would keep the wrong one");
        }
        if (problem.isPresent()) {
            return CatalogUpdate.rejected(DeadLetters.of(record, problem.get()));
        }
        return CatalogUpdate.upsert(entry);
    }

    @Override
    public TypeInformation<CatalogUpdate> getProducedType() {
        return TypeInformation.of(CatalogUpdate.class);
    }
}
