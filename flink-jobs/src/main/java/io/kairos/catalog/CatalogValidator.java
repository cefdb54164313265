package io.kairos.catalog;

import io.kairos.events.OfferCatalogEntry;
import java.util.Optional;

/** What an offer must have before it may replace the one the engine is using. */
public final class CatalogValidator {
    private CatalogValidator() {}

    public static Optional<String> check(OfferCatalogEntry e) {
        if (e.getOfferId() == null || e.getOfferId().isBlank()) {
            return Optional.of("offer without offerId");
        }
        String id = "offer " + e.getOfferId();
        if (e.getTitle() == null || e.getTitle().isBlank()) {
            return Optional.of(id + " has no title");
        }
        if (e.getChannels().isEmpty()) {
            return Optional.of(id + " lists no channels");
        }
        if (!(e.getPriorityWeight() > 0) || Double.isInfinite(e.getPriorityWeight())) {
            return Optional.of(id + " priorityWeight must be > 0, was " + e.getPriorityWeight());
        }
        if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
            return Optional.of(id + " value must be >= 0, was " + e.getValue());
        }
        if (e.getValidFrom() != null
                && e.getValidUntil() != null
                && e.getValidUntil() <= e.getValidFrom()) {
            return Optional.of(id + " validUntil is not after validFrom");
        }
        return Optional.empty();
    }
}
