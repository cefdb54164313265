package io.kairos.decide;

import io.kairos.catalog.OfferCatalog;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.state.CustomerState;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalog's rules for who may get an offer: validity period, value segment, lifecycle stage,
 * churn risk range, interest in the offer's category. Returns why not, for the audit record.
 */
public final class Eligibility {
    private Eligibility() {}

    public static Optional<String> whyNot(OfferCatalogEntry offer, CustomerState customer, long at) {
        if (!OfferCatalog.isValidAt(offer, at)) {
            return Optional.of("outside its validity period");
        }
        if (!offer.getSegments().isEmpty() && !offer.getSegments().contains(customer.getSegment().name())) {
            return Optional.of("segment " + customer.getSegment() + " not in " + offer.getSegments());
        }
        if (!offer.getLifecycles().isEmpty() && !offer.getLifecycles().contains(customer.getLifecycle().name())) {
            return Optional.of("lifecycle " + customer.getLifecycle() + " not in " + offer.getLifecycles());
        }
        double risk = customer.getChurnRisk();
        if (risk < offer.getMinChurnRisk() || risk > offer.getMaxChurnRisk()) {
            return Optional.of(
                    String.format(
                            Locale.ROOT, "churn risk %.2f outside %.2f..%.2f",
                            risk, offer.getMinChurnRisk(), offer.getMaxChurnRisk()));
        }
        if (offer.getMinCategoryAffinity() > 0) {
            Double affinity = customer.getCategoryAffinity().get(offer.getCategory());
            double a = affinity == null ? 0 : affinity;
            if (a < offer.getMinCategoryAffinity()) {
                return Optional.of(
                        String.format(
                                Locale.ROOT, "interest in %s %.2f below %.2f",
                                offer.getCategory(), a, offer.getMinCategoryAffinity()));
            }
        }
        return Optional.empty();
    }
}
