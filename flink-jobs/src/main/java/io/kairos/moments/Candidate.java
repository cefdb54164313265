package io.kairos.moments;

import io.kairos.events.OfferCatalogEntry;
import java.util.Objects;

/** An offer that could answer a moment, and what made it relevant. */
public final class Candidate {
    public final OfferCatalogEntry offer;
    /** Why this offer for this moment, e.g. "complements camera-1"; goes into the message's reason. */
    public final String why;
    /** Multiplies the offer's value, e.g. a win-back incentive scaled to the customer's value. */
    public final double valueScale;
    /**
     * Where the candidate came from: {@link #FROM_CATALOG} (the offer names the moment or the
     * product) or {@link #FROM_CO_PURCHASES} (learned in the stream). Channels see it as the
     * template variable {@code basis}; evaluations tell learned cross-sells apart with it.
     */
    public final String basis;

    public static final String FROM_CATALOG = "catalog";
    public static final String FROM_CO_PURCHASES = "co-purchases";

    public Candidate(OfferCatalogEntry offer, String why, double valueScale) {
        this(offer, why, valueScale, FROM_CATALOG);
    }

    public Candidate(OfferCatalogEntry offer, String why, double valueScale, String basis) {
        this.basis = Objects.requireNonNull(basis);
        this.offer = Objects.requireNonNull(offer);
        this.why = Objects.requireNonNull(why);
        if (!(valueScale > 0) || Double.isInfinite(valueScale)) {
            throw new IllegalArgumentException("value scale must be > 0, was " + valueScale);
        }
        this.valueScale = valueScale;
    }

    public Candidate(OfferCatalogEntry offer, String why) {
        this(offer, why, 1.0);
    }

    public String offerId() {
        return offer.getOfferId();
    }

    @Override
    public String toString() {
        return offer.getOfferId() + "(" + why + ")";
    }
}
