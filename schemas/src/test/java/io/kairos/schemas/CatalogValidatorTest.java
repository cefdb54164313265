package io.kairos.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every rule of {@link CatalogValidator}, each broken once on an otherwise valid offer. */
class CatalogValidatorTest {
    private static final long DAY = 86_400_000L;

    private static OfferCatalogEntry valid() {
        return OfferCatalogEntry.newBuilder()
                .setOfferId("offer-lens")
                .setTitle("A lens for your camera")
                .setProductId("p-lens")
                .setCategory("cameras-accessories")
                .setAccessoryFor(List.of("p-camera"))
                .setChannels(List.of(Channel.EMAIL, Channel.PUSH))
                .setValue(12.5)
                .setPriorityWeight(0.8)
                .build();
    }

    private static String reason(Consumer<OfferCatalogEntry> change) {
        OfferCatalogEntry e = valid();
        change.accept(e);
        Optional<String> problem = CatalogValidator.check(e);
        assertTrue(problem.isPresent(), () -> "expected a rejection of " + e);
        return problem.get();
    }

    private static void assertRejected(String expectedPart, Consumer<OfferCatalogEntry> change) {
        String reason = reason(change);
        assertTrue(reason.contains(expectedPart), reason);
    }

    @Test
    void aCompleteOfferAndAMinimalOneAreValid() {
        assertEquals(Optional.empty(), CatalogValidator.check(valid()));
        OfferCatalogEntry minimal =
                OfferCatalogEntry.newBuilder()
                        .setOfferId("o")
                        .setTitle("t")
                        .setChannels(List.of(Channel.WEB))
                        .build();
        assertEquals(Optional.empty(), CatalogValidator.check(minimal));
    }

    @Test
    void identityTitleAndChannels() {
        assertEquals("offer without offerId", reason(e -> e.setOfferId(" ")));
        assertEquals("offer offer-lens has no title", reason(e -> e.setTitle("")));
        assertEquals("offer offer-lens lists no channels", reason(e -> e.setChannels(List.of())));
    }

    @Test
    void weightAndValue() {
        assertRejected("priorityWeight must be > 0, was 0.0", e -> e.setPriorityWeight(0.0));
        assertRejected("priorityWeight must be > 0, was NaN", e -> e.setPriorityWeight(Double.NaN));
        assertRejected("priorityWeight", e -> e.setPriorityWeight(Double.POSITIVE_INFINITY));
        assertRejected("value must be >= 0, was -1.0", e -> e.setValue(-1.0));
        assertRejected("value must be >= 0", e -> e.setValue(Double.POSITIVE_INFINITY));
        assertEquals(Optional.empty(), check(e -> e.setValue(0.0)));
    }

    @Test
    void validityWindow() {
        assertRejected("validUntil is not after validFrom", e -> {
            e.setValidFrom(2 * DAY);
            e.setValidUntil(DAY);
        });
        assertRejected("validUntil is not after validFrom", e -> {
            e.setValidFrom(DAY);
            e.setValidUntil(DAY);
        });
        assertEquals(Optional.empty(), check(e -> e.setValidUntil(DAY)), "open start");
    }

    @Test
    void unknownTriggerListsTheKnownOnes() {
        String reason = reason(e -> e.setTriggers(List.of(Trigger.CROSS_SELL, Trigger.UNKNOWN)));
        assertTrue(reason.startsWith("offer offer-lens lists a trigger this engine does not know"), reason);
        assertTrue(reason.contains("REPLENISHMENT") && !reason.contains("UNKNOWN"), reason);
    }

    @Test
    void segmentAndLifecycleNames() {
        assertEquals(
                "offer offer-lens segment 'VIP' is not one of [PROSPECT, INACTIVE, LOW, MIDDLE, HIGH, TOP]",
                reason(e -> e.setSegments(List.of("TOP", "VIP"))));
        assertRejected("segment 'top' is not one of", e -> e.setSegments(List.of("top")));
        assertEquals(
                "offer offer-lens lifecycle 'CHURNED' is not one of [PROSPECT, INTENDING, PURCHASING, LOYAL, LAPSED]",
                reason(e -> e.setLifecycles(List.of("CHURNED"))));
        assertEquals(Optional.empty(), check(e -> {
            e.setSegments(List.of("TOP", "HIGH"));
            e.setLifecycles(List.of("LOYAL", "LAPSED"));
        }));
    }

    @Test
    void churnRiskRange() {
        String range = "churn risk range must satisfy 0 <= minChurnRisk <= maxChurnRisk <= 1, was ";
        assertRejected(range + "-0.1..1.0", e -> e.setMinChurnRisk(-0.1));
        assertRejected(range + "0.0..1.5", e -> e.setMaxChurnRisk(1.5));
        assertRejected(range + "0.7..0.5", e -> {
            e.setMinChurnRisk(0.7);
            e.setMaxChurnRisk(0.5);
        });
        assertRejected(range + "NaN..1.0", e -> e.setMinChurnRisk(Double.NaN));
        assertEquals(Optional.empty(), check(e -> e.setMinChurnRisk(0.5)));
    }

    @Test
    void categoryAffinity() {
        assertRejected("minCategoryAffinity must be >= 0, was -0.5", e -> e.setMinCategoryAffinity(-0.5));
        assertRejected("has minCategoryAffinity but no category to measure it on", e -> {
            e.setMinCategoryAffinity(0.3);
            e.setCategory(null);
        });
        assertEquals(Optional.empty(), check(e -> e.setMinCategoryAffinity(0.3)));
    }

    @Test
    void cooldown() {
        assertRejected("cooldownMs must be >= 0, was -1", e -> e.setCooldownMs(-1L));
        assertEquals(Optional.empty(), check(e -> e.setCooldownMs(0L)));
    }

    @Test
    void replenishment() {
        assertRejected("repurchaseDays must be > 0 and needs the consumable's productId", e -> {
            e.setRepurchaseDays(30);
            e.setProductId(null);
        });
        assertRejected("repurchaseDays must be > 0", e -> e.setRepurchaseDays(0));
        assertRejected("answers REPLENISHMENT but has no repurchaseDays",
                e -> e.setTriggers(List.of(Trigger.REPLENISHMENT)));
        assertEquals(Optional.empty(), check(e -> {
            e.setTriggers(List.of(Trigger.REPLENISHMENT));
            e.setRepurchaseDays(30);
        }));
    }

    @Test
    void browseIntentNeedsSomethingToMatchViewsOn() {
        assertRejected("answers BROWSE_INTENT but has neither productId nor category", e -> {
            e.setTriggers(List.of(Trigger.BROWSE_INTENT));
            e.setProductId(null);
            e.setCategory(null);
        });
        assertEquals(Optional.empty(), check(e -> {
            e.setTriggers(List.of(Trigger.BROWSE_INTENT));
            e.setProductId(null);
        }), "a category is enough");
    }

    private static Optional<String> check(Consumer<OfferCatalogEntry> change) {
        OfferCatalogEntry e = valid();
        change.accept(e);
        return CatalogValidator.check(e);
    }
}
