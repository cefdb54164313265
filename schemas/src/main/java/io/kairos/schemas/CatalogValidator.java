package io.kairos.schemas;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.state.LifecycleStage;
import io.kairos.state.ValueSegment;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an offer must have before it may replace the one the engine is using. Each reason names
 * the offer and the field, so the person who published it can fix it from the dead letter.
 */
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
        if (e.getTriggers().contains(Trigger.UNKNOWN)) {
            return Optional.of(id + " lists a trigger this engine does not know; allowed: " + knownTriggers());
        }
        for (String segment : e.getSegments()) {
            if (!isSymbol(ValueSegment.class, segment)) {
                return Optional.of(id + " segment '" + segment + "' is not one of " + Arrays.toString(ValueSegment.values()));
            }
        }
        for (String stage : e.getLifecycles()) {
            if (!isSymbol(LifecycleStage.class, stage)) {
                return Optional.of(id + " lifecycle '" + stage + "' is not one of " + Arrays.toString(LifecycleStage.values()));
            }
        }
        if (!(e.getMinChurnRisk() >= 0 && e.getMaxChurnRisk() <= 1 && e.getMinChurnRisk() <= e.getMaxChurnRisk())) {
            return Optional.of(
                    id + " churn risk range must satisfy 0 <= minChurnRisk <= maxChurnRisk <= 1, was "
                            + e.getMinChurnRisk() + ".." + e.getMaxChurnRisk());
        }
        if (!(e.getMinCategoryAffinity() >= 0) || Double.isInfinite(e.getMinCategoryAffinity())) {
            return Optional.of(id + " minCategoryAffinity must be >= 0, was " + e.getMinCategoryAffinity());
        }
        if (e.getMinCategoryAffinity() > 0 && e.getCategory() == null) {
            return Optional.of(id + " has minCategoryAffinity but no category to measure it on");
        }
        if (e.getCooldownMs() != null && e.getCooldownMs() < 0) {
            return Optional.of(id + " cooldownMs must be >= 0, was " + e.getCooldownMs());
        }
        if (e.getRepurchaseDays() != null && (e.getRepurchaseDays() <= 0 || e.getProductId() == null)) {
            return Optional.of(id + " repurchaseDays must be > 0 and needs the consumable's productId");
        }
        if (e.getTriggers().contains(Trigger.REPLENISHMENT) && e.getRepurchaseDays() == null) {
            return Optional.of(id + " answers REPLENISHMENT but has no repurchaseDays");
        }
        if (e.getTriggers().contains(Trigger.BROWSE_INTENT) && e.getProductId() == null && e.getCategory() == null) {
            return Optional.of(id + " answers BROWSE_INTENT but has neither productId nor category to match views on");
        }
        return Optional.empty();
    }

    private static <E extends Enum<E>> boolean isSymbol(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String knownTriggers() {
        return Arrays.toString(Arrays.stream(Trigger.values()).filter(t -> t != Trigger.UNKNOWN).toArray());
    }
}
