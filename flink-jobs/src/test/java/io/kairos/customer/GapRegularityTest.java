package io.kairos.customer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapRegularityTest {
    private static final long DAY = 86_400_000L;

    private static GapRegularity regularity(int maxK, double prior) {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.maxRegularity = maxK;
        b.regularityPrior = prior;
        return new GapRegularity(b.build());
    }

    private static List<Long> days(long... d) {
        return Arrays.stream(d).map(x -> x * DAY).boxed().toList();
    }

    @Test
    void tooFewGapsOrRegularityOffMeanExponentialGaps() {
        assertArrayEquals(GapRegularity.EXPONENTIAL, regularity(8, 0.5).weights(days(7, 7), 2));
        // three gaps kept but only two repeat occasions counted (state from before occasions were counted)
        assertArrayEquals(GapRegularity.EXPONENTIAL, regularity(8, 0.5).weights(days(7, 7, 7), 2));
        assertArrayEquals(GapRegularity.EXPONENTIAL, regularity(1, 0.5).weights(days(7, 7, 7, 7, 7), 5));
    }

    @Test
    void weightsAreAProbabilityDistributionOverK() {
        double[] w = regularity(8, 0.5).weights(days(6, 8, 7, 9, 5), 5);
        assertEquals(8, w.length);
        assertEquals(1.0, Arrays.stream(w).sum(), 1e-12);
        assertTrue(Arrays.stream(w).allMatch(x -> x >= 0));
    }

    @Test
    void clockworkGapsPointToTheHighestOrderAndScatteredOnesToExponential() {
        GapRegularity g = regularity(8, 0.5);
        double[] clockwork = g.weights(days(10, 10, 10, 10, 10), 5);
        // five gaps are some evidence, not proof: with the sceptical prior k is about 3 to 4
        assertTrue(GapRegularity.mean(clockwork) > 3, Arrays.toString(clockwork));
        assertTrue(clockwork[0] < 0.15, Arrays.toString(clockwork));
        // with a flat prior the same gaps point to the highest order
        assertEquals(8, GapRegularity.mostProbable(regularity(8, 1).weights(days(10, 10, 10, 10, 10), 5)));
        double[] scattered = g.weights(days(1, 23, 3, 12, 40), 5);
        assertEquals(1, GapRegularity.mostProbable(scattered));
        assertTrue(scattered[0] > 0.9, Arrays.toString(scattered));
        assertTrue(GapRegularity.mean(scattered) < GapRegularity.mean(g.weights(days(8, 12, 9, 11, 10), 5)));
    }

    @Test
    void threeAlikeGapsAreWeakerEvidenceThanFive() {
        GapRegularity g = regularity(8, 0.5);
        double three = GapRegularity.mean(g.weights(days(9, 11, 10), 3));
        double five = GapRegularity.mean(g.weights(days(9, 11, 10, 9, 11), 5));
        assertTrue(three < five, three + " vs " + five);
    }

    @Test
    void aLowerPriorRatioAsksMoreOfTheGaps() {
        List<Long> gaps = days(8, 12, 9, 13, 10);
        double flat = GapRegularity.mean(regularity(8, 1).weights(gaps, 5));
        double sceptical = GapRegularity.mean(regularity(8, 0.5).weights(gaps, 5));
        assertTrue(sceptical < flat, sceptical + " vs " + flat);
    }

    @Test
    void aPointMassIsOneK() {
        assertArrayEquals(new double[] {0, 0, 1}, GapRegularity.pointMass(3));
        assertEquals(3, GapRegularity.mostProbable(GapRegularity.pointMass(3)));
        assertEquals(3.0, GapRegularity.mean(GapRegularity.pointMass(3)));
    }
}
