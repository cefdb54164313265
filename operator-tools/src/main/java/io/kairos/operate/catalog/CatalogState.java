package io.kairos.operate.catalog;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.schemas.AvroCodec;
import io.kairos.schemas.CatalogValidator;
import io.kairos.schemas.DecodeResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog as the job builds it from the offer-catalog topic, record by record in offset
 * order: an entry that decodes and validates replaces the offer with its key, a tombstone
 * withdraws it, anything else is rejected (the job dead-letters it) and changes nothing. The
 * version is the offset of the latest applied record plus one, as stamped on decisions.
 */
public final class CatalogState {
    /** A record the job would reject, with its reason. */
    public record Rejected(int partition, long offset, String key, String reason) {}

    private final AvroCodec<OfferCatalogEntry> codec = AvroCodec.of(OfferCatalogEntry.class);
    private final Map<String, OfferCatalogEntry> offers = new TreeMap<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private long version;
    private long records;

    /** Applies one record of the topic; the same rules as the job's catalog deserializer. */
    public void apply(int partition, long offset, byte[] key, byte[] value) {
        records++;
        String id = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            if (id == null || id.isBlank()) {
                rejected.add(new Rejected(partition, offset, id, "catalog tombstone without key: which offer?"));
                return;
            }
            offers.remove(id);
            version = Math.max(version, offset + 1);
            return;
        }
        DecodeResult<OfferCatalogEntry> decoded = codec.decode(value);
        if (!decoded.isOk()) {
            rejected.add(new Rejected(partition, offset, id, decoded.error()));
            return;
        }
        OfferCatalogEntry entry = decoded.value();
        Optional<String> problem = CatalogValidator.check(entry);
        if (problem.isEmpty() && id != null && !id.equals(entry.getOfferId())) {
            problem = Optional.of("catalog key '" + id + "' differs from offerId '" + entry.getOfferId()
                    + "'; compaction would keep the wrong one");
        }
        if (problem.isPresent()) {
            rejected.add(new Rejected(partition, offset, id, problem.get()));
            return;
        }
        offers.put(entry.getOfferId(), entry);
        version = Math.max(version, offset + 1);
    }

    /** The offers in use, by offer id. */
    public Map<String, OfferCatalogEntry> offers() {
        return Collections.unmodifiableMap(offers);
    }

    /** Offset of the latest applied record plus one; 0 for an empty catalog topic. */
    public long version() {
        return version;
    }

    public long records() {
        return records;
    }

    public List<Rejected> rejected() {
        return Collections.unmodifiableList(rejected);
    }
}
