package io.kairos.catalog;

import io.kairos.events.DeadLetter;
import io.kairos.events.OfferCatalogEntry;

/**
 * One record of the offer-catalog control topic: a new or changed offer, a withdrawal (Kafka
 * tombstone, {@code entry == null}), or a rejected record kept as a dead letter.
 */
public class CatalogUpdate {
    public String offerId;
    public OfferCatalogEntry entry;
    public DeadLetter deadLetter;
    /**
     * The catalog version this record makes, if it is applied: its offset in the (one-partition)
     * catalog topic plus one. Offsets survive compaction and are the same in every run, so a
     * version names one catalog exactly, on every subtask and in every replay. 0 when unknown.
     */
    public long version;

    public CatalogUpdate() {}

    public static CatalogUpdate upsert(OfferCatalogEntry entry) {
        CatalogUpdate u = new CatalogUpdate();
        u.offerId = entry.getOfferId();
        u.entry = entry;
        return u;
    }

    public static CatalogUpdate withdraw(String offerId) {
        CatalogUpdate u = new CatalogUpdate();
        u.offerId = offerId;
        return u;
    }

    public static CatalogUpdate rejected(DeadLetter deadLetter) {
        CatalogUpdate u = new CatalogUpdate();
        u.deadLetter = deadLetter;
        return u;
    }

    public CatalogUpdate withVersion(long version) {
        this.version = version;
        return this;
    }

    public boolean isRejected() {
        return deadLetter != null;
    }

    public boolean isWithdrawal() {
        return deadLetter == null && entry == null;
    }

    @Override
    public String toString() {
        if (isRejected()) {
            return "catalog-rejected{" + deadLetter.getReason() + "}";
        }
        return (isWithdrawal() ? "catalog-withdraw{" : "catalog-upsert{") + offerId + "}";
    }
}
