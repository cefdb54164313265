package io.kairos.learn;

import static io.kairos.learn.LearnTestData.pair;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemAssociationsFunctionTest {
    private static final Duration HALF_LIFE = Duration.ofDays(30);
    private static final int TOP_K = 2;
    private static final long INTERVAL = Duration.ofMinutes(15).toMillis();
    private static final long FIRST_END = T0 + INTERVAL - 1;

    private KeyedOneInputStreamOperatorTestHarness<String, ItemPair, ItemAssociations> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, ItemPair, ItemAssociations> newHarness(
            OperatorSubtaskState snapshot) throws Exception {
        return Harnesses.open(
                new ItemAssociationsFunction(HALF_LIFE, TOP_K, Duration.ofMillis(INTERVAL), ItemAssociationsFunction.DEFAULT_MIN_SUPPORT),
                ItemAssociationsFunction::keyOf,
                snapshot);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String product, String coProduct, long at, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            harness.processElement(new StreamRecord<>(pair(product, coProduct, at), at));
        }
    }

    private List<ItemAssociations> published() {
        return harness.extractOutputValues();
    }

    @Test
    void oneBasketMakesNoAssociationTwoDo() throws Exception {
        send("camera", "lens", T0, 1);
        harness.processWatermark(FIRST_END);
        assertTrue(published().isEmpty());

        send("camera", "lens", T0 + 20 * ONE_MINUTE, 1);
        harness.processWatermark(FIRST_END + INTERVAL - 1);
        assertTrue(published().isEmpty(), "not before the bucket ends");
        harness.processWatermark(FIRST_END + INTERVAL);
        assertEquals(1, published().size());
        ItemAssociations a = published().get(0);
        assertEquals("camera", a.productId);
        assertEquals(List.of("lens"), a.coProducts);
        assertEquals(2, a.strengths.get(0), 1e-3);
        assertEquals(FIRST_END + INTERVAL, a.asOf);
        assertEquals(FIRST_END + INTERVAL, Harnesses.<ItemAssociations>records(harness).get(0).getTimestamp());
    }

    @Test
    void publishesTheTopKBestFirstOncePerBucket() throws Exception {
        send("camera", "lens", T0, 3);
        send("camera", "bag", T0 + ONE_MINUTE, 2);
        send("camera", "tripod", T0 + 2 * ONE_MINUTE, 4);
        send("camera", "strap", T0 + 3 * ONE_MINUTE, 1);
        assertEquals(1, harness.numEventTimeTimers());
        harness.processWatermark(FIRST_END);
        assertEquals(1, published().size());
        ItemAssociations a = published().get(0);
        assertEquals(List.of("tripod", "lens"), a.coProducts);
        assertEquals(4, a.strengths.get(0), 1e-3);
        assertEquals(3, a.strengths.get(1), 1e-3);
    }

    @Test
    void publishesOnlyWhenTheListChanges() throws Exception {
        send("camera", "tripod", T0, 4);
        send("camera", "lens", T0, 3);
        harness.processWatermark(FIRST_END);
        assertEquals(1, published().size());

        send("camera", "bag", T0 + 20 * ONE_MINUTE, 2); // not in the top 2
        send("camera", "tripod", T0 + 20 * ONE_MINUTE, 1); // stronger, same place
        harness.processWatermark(FIRST_END + INTERVAL);
        assertEquals(1, published().size());

        send("camera", "bag", T0 + 40 * ONE_MINUTE, 4);
        harness.processWatermark(FIRST_END + 2 * INTERVAL);
        assertEquals(2, published().size());
        assertEquals(List.of("bag", "tripod"), published().get(1).coProducts);
    }

    @Test
    void associationsFadeAndAreWithdrawnWhenNoneIsLeft() throws Exception {
        send("camera", "lens", T0, 2);
        harness.processWatermark(FIRST_END);
        assertEquals(List.of("lens"), published().get(0).coProducts);

        long monthLater = T0 + 30 * ONE_DAY;
        send("camera", "bag", monthLater, 1); // the lens is down to 1, the bag at 1
        harness.processWatermark(monthLater + INTERVAL);
        assertEquals(2, published().size());
        assertTrue(published().get(1).coProducts.isEmpty(), "an empty list withdraws the association");
    }

    @Test
    void theWeakestCandidatesAreEvictedBeyondFourTimesK() throws Exception {
        for (int i = 0; i < 10; i++) {
            send("camera", "co" + i, T0, 1); // equal counts: co8 and co9 are the ones over the bound of 8
        }
        harness.processWatermark(FIRST_END);
        send("camera", "co0", T0 + 20 * ONE_MINUTE, 1);
        send("camera", "co9", T0 + 20 * ONE_MINUTE, 1);
        harness.processWatermark(FIRST_END + INTERVAL);
        assertEquals(1, published().size());
        assertEquals(List.of("co0"), published().get(0).coProducts, "co9 started over after its eviction");
    }

    @Test
    void theSamePairsInAnotherOrderPublishTheSame() throws Exception {
        List<ItemPair> inOrder = new ArrayList<>();
        String[] co = {"lens", "bag", "lens", "tripod", "bag", "lens", "tripod", "tripod", "bag", "lens", "strap", "tripod"};
        for (int i = 0; i < co.length; i++) {
            inOrder.add(pair("camera", co[i], T0 + i * 7 * ONE_MINUTE));
        }
        List<ItemPair> shuffled = new ArrayList<>(inOrder);
        Collections.swap(shuffled, 0, 2);
        Collections.swap(shuffled, 4, 6);
        Collections.swap(shuffled, 9, 10);
        List<ItemAssociations> a = publish(inOrder);
        List<ItemAssociations> b = publish(shuffled);
        assertTrue(a.size() >= 2);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).coProducts, b.get(i).coProducts);
            assertEquals(a.get(i).asOf, b.get(i).asOf);
            for (int j = 0; j < a.get(i).strengths.size(); j++) {
                assertEquals(a.get(i).strengths.get(j), b.get(i).strengths.get(j), 1e-9);
            }
        }
    }

    private static List<ItemAssociations> publish(List<ItemPair> pairs) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ItemPair, ItemAssociations> h = newHarness(null)) {
            long maxSeen = Long.MIN_VALUE;
            for (ItemPair p : pairs) {
                h.processElement(new StreamRecord<>(p, p.eventTime));
                maxSeen = Math.max(maxSeen, p.eventTime);
                h.processWatermark(maxSeen - 20 * ONE_MINUTE);
            }
            h.processWatermark(Long.MAX_VALUE);
            return h.extractOutputValues();
        }
    }

    @Test
    void aRestoredSnapshotPublishesWhatTheUninterruptedRunWould() throws Exception {
        send("camera", "lens", T0, 2);
        send("camera", "bag", T0 + 20 * ONE_MINUTE, 1);
        harness.processWatermark(FIRST_END); // lens published, the bag pending
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        send("camera", "bag", T0 + 25 * ONE_MINUTE, 2);
        harness.processWatermark(Long.MAX_VALUE);
        List<ItemAssociations> uninterrupted = published();
        assertEquals(2, uninterrupted.size());

        try (KeyedOneInputStreamOperatorTestHarness<String, ItemPair, ItemAssociations> restored = newHarness(snapshot)) {
            for (int i = 0; i < 2; i++) {
                restored.processElement(new StreamRecord<>(pair("camera", "bag", T0 + 25 * ONE_MINUTE), T0 + 25 * ONE_MINUTE));
            }
            restored.processWatermark(Long.MAX_VALUE);
            assertEquals(uninterrupted.subList(1, 2), restored.extractOutputValues());
        }
    }

    @Test
    void theViewListsCoProductsBestFirst() {
        ItemAssociations a = new ItemAssociations("camera", List.of("tripod", "lens"), List.of(4.0, 3.0), T0);
        Associations view = Associations.of(List.of(Map.entry("camera", a)));
        assertEquals(List.of("tripod", "lens"), view.coPurchased("camera"));
        assertEquals(List.of(), view.coPurchased("lens"));
    }
}
