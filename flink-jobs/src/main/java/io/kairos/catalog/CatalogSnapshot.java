package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offer catalog as read to the end offset of its topic before the job was submitted: what
 * every subtask decides with from its first event, instead of waiting an unknowable time for the
 * broadcast to arrive. The live catalog stream replaces it as soon as it has caught up with it
 * (the version, topic offset + 1, says which is newer), and a restored job has its catalog in
 * broadcast state anyway.
 */
public final class CatalogSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final CatalogSnapshot EMPTY = new CatalogSnapshot(List.of(), 0);

    private final List<OfferCatalogEntry> offers;
    private final long version;

    public CatalogSnapshot(List<OfferCatalogEntry> offers, long version) {
        this.offers = List.copyOf(offers);
        this.version = version;
    }

    public static CatalogSnapshot empty() {
        return EMPTY;
    }

    public long version() {
        return version;
    }

    public List<OfferCatalogEntry> offers() {
        return offers;
    }

    public OfferCatalog toCatalog() {
        List<Map.Entry<String, OfferCatalogEntry>> entries = new ArrayList<>(offers.size());
        for (OfferCatalogEntry offer : offers) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(offer.getOfferId(), offer));
        }
        return OfferCatalog.of(entries, version);
    }

    @Override
    public String toString() {
        return "CatalogSnapshot{" + offers.size() + " offers, version " + version + "}";
    }
}
