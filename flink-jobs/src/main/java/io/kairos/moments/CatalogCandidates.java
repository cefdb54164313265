package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.util.ArrayList;
import java.util.List;

/** Candidates for moments that any offer naming the trigger may answer (birthday, win-back, VIP). */
final class CatalogCandidates {
    private CatalogCandidates() {}

    static List<Candidate> forTrigger(Trigger trigger, OfferCatalog catalog, double valueScale) {
        List<Candidate> candidates = new ArrayList<>();
        for (OfferCatalogEntry offer : catalog.forTrigger(trigger)) {
            candidates.add(new Candidate(offer, offer.getTitle(), valueScale));
        }
        return candidates;
    }
}
