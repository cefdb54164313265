package io.kairos.learn;

import io.kairos.ingest.CustomerEvent;
import static io.kairos.learn.LearnTestData.pair;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.purchase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.PurchaseEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BasketPairsFunctionTest {
    private static final Duration LOOKBACK = Duration.ofDays(30);
    private static final String ANNA = "anna";

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ItemPair> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ItemPair> newHarness(
            int maxRecent, OperatorSubtaskState snapshot) throws Exception {
        return Harnesses.open(new BasketPairsFunction(LOOKBACK, maxRecent), BasketPairsFunction::keyOf, snapshot);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness(BasketPairsFunction.DEFAULT_MAX_RECENT_PRODUCTS, null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<ItemPair> buy(long at, String... products) throws Exception {
        int before = harness.extractOutputValues().size();
        PurchaseEvent p = purchase(ANNA, at, products);
        harness.processElement(new StreamRecord<>(CustomerEvent.of(p), at));
        List<ItemPair> all = harness.extractOutputValues();
        return all.subList(before, all.size());
    }

    private static Set<ItemPair> set(ItemPair... pairs) {
        return new HashSet<>(List.of(pairs));
    }

    @Test
    void productsOfOneOrderPairBothWaysAtThePurchaseTime() throws Exception {
        List<ItemPair> pairs = buy(T0, "camera", "lens", "camera", "bag");
        assertEquals(6, pairs.size(), "three distinct products, each pair both ways");
        assertEquals(
                set(pair("camera", "lens", T0), pair("lens", "camera", T0), pair("camera", "bag", T0),
                        pair("bag", "camera", T0), pair("lens", "bag", T0), pair("bag", "lens", T0)),
                new HashSet<>(pairs));
        assertTrue(Harnesses.<ItemPair>records(harness).stream().allMatch(r -> r.getTimestamp() == T0));
        assertTrue(buy(T0 + ONE_DAY, "single").stream().noneMatch(p -> p.productId.equals(p.coProductId)));
    }

    @Test
    void aLaterOrderPairsWithProductsBoughtWithinTheLookback() throws Exception {
        buy(T0, "camera");
        assertEquals(set(pair("lens", "camera", T0 + 10 * ONE_DAY), pair("camera", "lens", T0 + 10 * ONE_DAY)),
                new HashSet<>(buy(T0 + 10 * ONE_DAY, "lens")));
        // 35 days after the camera, 25 after the lens: only the lens is recent.
        assertEquals(set(pair("bag", "lens", T0 + 35 * ONE_DAY), pair("lens", "bag", T0 + 35 * ONE_DAY)),
                new HashSet<>(buy(T0 + 35 * ONE_DAY, "bag")));
    }

    @Test
    void rebuyingProductsAlreadyPairedAddsNoPairs() throws Exception {
        buy(T0, "coffee", "milk");
        assertTrue(buy(T0 + 7 * ONE_DAY, "coffee", "milk").isEmpty());
        assertTrue(buy(T0 + 14 * ONE_DAY, "coffee").isEmpty());
        assertEquals(4, buy(T0 + 15 * ONE_DAY, "coffee", "sugar").size(), "sugar with coffee and with milk");
    }

    @Test
    void aPurchaseReadLatePairsLikeOneReadInOrder() throws Exception {
        buy(T0 + 10 * ONE_DAY, "lens");
        assertEquals(set(pair("camera", "lens", T0), pair("lens", "camera", T0)), new HashSet<>(buy(T0, "camera")));
    }

    @Test
    void onlyTheMostRecentProductsAreRemembered() throws Exception {
        harness.close();
        harness = newHarness(3, null);
        for (int i = 1; i <= 5; i++) {
            buy(T0 + i * ONE_DAY, "p" + i);
        }
        List<ItemPair> pairs = buy(T0 + 6 * ONE_DAY, "p6");
        assertEquals(Set.of("p3", "p4", "p5"), pairs.stream().filter(p -> p.productId.equals("p6")).map(p -> p.coProductId)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void stateIsClearedALookbackAfterTheLatestPurchase() throws Exception {
        buy(T0, "camera");
        buy(T0 + 10 * ONE_DAY, "lens");
        assertEquals(1, harness.numEventTimeTimers(), "one clean-up timer per customer");
        harness.processWatermark(T0 + 10 * ONE_DAY + LOOKBACK.toMillis() - 1);
        assertEquals(1, harness.numKeyedStateEntries());
        harness.processWatermark(T0 + 10 * ONE_DAY + LOOKBACK.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aRestoredSnapshotPairsLikeTheUninterruptedRun() throws Exception {
        buy(T0, "camera", "lens");
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        List<ItemPair> uninterrupted = buy(T0 + ONE_DAY, "bag");
        try (KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ItemPair> restored =
                newHarness(BasketPairsFunction.DEFAULT_MAX_RECENT_PRODUCTS, snapshot)) {
            PurchaseEvent p = purchase(ANNA, T0 + ONE_DAY, "bag");
            restored.processElement(new StreamRecord<>(CustomerEvent.of(p), p.getEventTime()));
            assertEquals(uninterrupted, restored.extractOutputValues());
            assertEquals(4, uninterrupted.size());
        }
    }

    @Test
    void aForgetMeLeavesNothingOfTheCustomersPurchases() throws Exception {
        buy(T0, "camera");
        harness.processElement(new StreamRecord<>(
                CustomerEvent.of(io.kairos.testing.TestEvents.forgetMe(ANNA, T0 + 1)), T0 + 1));
        assertTrue(buy(T0 + 2, "lens").isEmpty(), "the camera is forgotten: no pair with it");
    }
}
