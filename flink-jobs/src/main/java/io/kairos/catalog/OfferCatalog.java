package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A read view of the offers in broadcast state, indexed the ways the moments look them up: by
 * the product an offer complements, by the product it offers, by the moment it answers.
 * Broadcast state is the durable copy (checkpointed, identical on every subtask); this index is
 * derived from it and rebuilt after each catalog change, so lookups per event stay cheap. Lists
 * are in offer-id order, so every subtask and every replay sees candidates in the same order.
 */
public final class OfferCatalog {

    /** The broadcast state holding the live catalog: offerId -> entry. */
    public static final MapStateDescriptor<String, OfferCatalogEntry> DESCRIPTOR =
            new MapStateDescriptor<>(
                    "offer-catalog", Types.STRING, TypeInformation.of(OfferCatalogEntry.class));

    /** The broadcast state holding the catalog version: {@link #VERSION_KEY} -> version. */
    public static final MapStateDescriptor<String, Long> VERSION_DESCRIPTOR =
            new MapStateDescriptor<>("offer-catalog-version", Types.STRING, Types.LONG);

    public static final String VERSION_KEY = "version";

    private final Map<String, OfferCatalogEntry> byId;
    private final Map<String, List<OfferCatalogEntry>> accessoriesByProduct = new HashMap<>();
    private final Map<String, List<OfferCatalogEntry>> byProduct = new HashMap<>();
    private final Map<Trigger, List<OfferCatalogEntry>> byTrigger = new EnumMap<>(Trigger.class);
    private final long version;

    private OfferCatalog(Map<String, OfferCatalogEntry> byId, long version) {
        this.byId = byId;
        this.version = version;
        for (OfferCatalogEntry offer : byId.values()) { // sorted by id
            for (String product : offer.getAccessoryFor()) {
                accessoriesByProduct.computeIfAbsent(product, p -> new ArrayList<>()).add(offer);
            }
            if (offer.getProductId() != null) {
                byProduct.computeIfAbsent(offer.getProductId(), p -> new ArrayList<>()).add(offer);
            }
            for (Trigger trigger : offer.getTriggers()) {
                byTrigger.computeIfAbsent(trigger, t -> new ArrayList<>()).add(offer);
            }
        }
    }

    public static OfferCatalog of(Iterable<Map.Entry<String, OfferCatalogEntry>> entries) {
        return of(entries, 0);
    }

    public static OfferCatalog of(Iterable<Map.Entry<String, OfferCatalogEntry>> entries, long version) {
        Map<String, OfferCatalogEntry> byId = new TreeMap<>();
        for (Map.Entry<String, OfferCatalogEntry> e : entries) {
            byId.put(e.getKey(), e.getValue());
        }
        return new OfferCatalog(byId, version);
    }

    /** Offers that complement the given product (its accessories). */
    public List<OfferCatalogEntry> accessoriesFor(String productId) {
        return accessoriesByProduct.getOrDefault(productId, Collections.emptyList());
    }

    /** Offers of the given product. */
    public List<OfferCatalogEntry> offersOf(String productId) {
        return byProduct.getOrDefault(productId, Collections.emptyList());
    }

    /** Offers that name this moment in their triggers. */
    public List<OfferCatalogEntry> forTrigger(Trigger trigger) {
        return byTrigger.getOrDefault(trigger, Collections.emptyList());
    }

    public OfferCatalogEntry offer(String offerId) {
        return byId.get(offerId);
    }

    /**
     * Whether an offer may answer a moment: it names the moment, or it names none and the moment
     * is a cross-sell (the catalog's first kind of offer, before offers had triggers).
     */
    public static boolean answers(OfferCatalogEntry offer, Trigger trigger) {
        return offer.getTriggers().isEmpty() ? trigger == Trigger.CROSS_SELL : offer.getTriggers().contains(trigger);
    }

    /** Days after which a consumable is typically bought again, from its replenishment offer; null if none. */
    public Integer repurchaseDays(String productId) {
        for (OfferCatalogEntry offer : offersOf(productId)) {
            if (offer.getRepurchaseDays() != null && answers(offer, Trigger.REPLENISHMENT)) {
                return offer.getRepurchaseDays();
            }
        }
        return null;
    }

    /** The version of this catalog: the catalog topic offset of its latest applied record, plus one. */
    public long version() {
        return version;
    }

    public int size() {
        return byId.size();
    }

    /** Whether the offer may be made at this event time. */
    public static boolean isValidAt(OfferCatalogEntry offer, long eventTime) {
        return (offer.getValidFrom() == null || offer.getValidFrom() <= eventTime)
                && (offer.getValidUntil() == null || eventTime < offer.getValidUntil());
    }
}
