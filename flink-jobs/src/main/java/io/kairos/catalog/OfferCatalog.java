package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A read view of the offers in broadcast state, indexed by the product each offer complements.
 * Broadcast state is the durable copy (checkpointed, identical on every subtask); this index is
 * derived from it and rebuilt after each catalog change, so lookups per purchase stay cheap.
 */
public final class OfferCatalog {

    /** The broadcast state holding the live catalog: offerId -> entry. */
    public static final MapStateDescriptor<String, OfferCatalogEntry> DESCRIPTOR =
            new MapStateDescriptor<>(
                    "offer-catalog", Types.STRING, TypeInformation.of(OfferCatalogEntry.class));

    private final Map<String, List<OfferCatalogEntry>> accessoriesByProduct;
    private final int size;

    private OfferCatalog(Map<String, List<OfferCatalogEntry>> accessoriesByProduct, int size) {
        this.accessoriesByProduct = accessoriesByProduct;
        this.size = size;
    }

    public static OfferCatalog of(Iterable<Map.Entry<String, OfferCatalogEntry>> entries) {
        Map<String, List<OfferCatalogEntry>> index = new HashMap<>();
        int size = 0;
        for (Map.Entry<String, OfferCatalogEntry> e : entries) {
            size++;
            for (String product : e.getValue().getAccessoryFor()) {
                index.computeIfAbsent(product, p -> new ArrayList<>()).add(e.getValue());
            }
        }
        return new OfferCatalog(index, size);
    }

    /** Offers that complement the given product. */
    public List<OfferCatalogEntry> accessoriesFor(String productId) {
        return accessoriesByProduct.getOrDefault(productId, Collections.emptyList());
    }

    public int size() {
        return size;
    }

    /** Whether the offer may be made at this event time. */
    public static boolean isValidAt(OfferCatalogEntry offer, long eventTime) {
        return (offer.getValidFrom() == null || offer.getValidFrom() <= eventTime)
                && (offer.getValidUntil() == null || eventTime < offer.getValidUntil());
    }
}
