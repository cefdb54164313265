package io.kairos.decide;

import io.kairos.events.OfferCatalogEntry;
import java.util.Objects;

/** An offer that could answer a moment, and what made it relevant. */
public final class Candidate {
    public final OfferCatalogEntry offer;
    /** Why this offer for this moment, e.g. "complements camera-1"; goes into the message's reason. */
    public final String why;
    /** Multiplies the offer's value, e.g. a win-back incentive scaled to the customer's value. */
    public final double valueScale;

    public Candidate(OfferCatalogEntry offer, String why, double valueScale) {
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
