package io.kairos.learn;

import static io.kairos.learn.LearnTestData.converted;
import static io.kairos.learn.LearnTestData.feedback;
import static io.kairos.learn.LearnTestData.sent;
import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_MINUTE;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.customer.Decay;
import io.kairos.events.FeedbackType;
import io.kairos.events.OfferFeedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResponseStatsFunctionTest {
    private static final Duration HALF_LIFE = Duration.ofDays(30);
    private static final Duration TAU = Decay.tauOfHalfLife(HALF_LIFE);
    private static final long INTERVAL = Duration.ofMinutes(15).toMillis();
    /** T0 is on a 15-minute boundary: the first bucket is [T0, T0 + 15 min). */
    private static final long FIRST_END = T0 + INTERVAL - 1;

    private KeyedOneInputStreamOperatorTestHarness<String, OfferFeedback, ResponseStats> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, OfferFeedback, ResponseStats> newHarness() throws Exception {
        return restored(null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OfferFeedback, ResponseStats> restored(
            OperatorSubtaskState snapshot) throws Exception {
        return Harnesses.open(
                new ResponseStatsFunction(HALF_LIFE, Duration.ofMillis(INTERVAL)), ResponseStatsFunction::keyOf, snapshot);
    }

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(OfferFeedback f) throws Exception {
        harness.processElement(new StreamRecord<>(f, f.getEventTime()));
    }

    private List<ResponseStats> published() {
        return harness.extractOutputValues();
    }

    private static double weight(long eventTime, long at) {
        return Decay.weight(eventTime, at, TAU);
    }

    @Test
    void publishesOnceAtTheEndOfTheBucketWithItsTimestamp() throws Exception {
        send(sent("o", "HIGH", T0 + ONE_MINUTE));
        send(sent("o", "HIGH", T0 + 5 * ONE_MINUTE));
        send(converted("o", "HIGH", T0 + 10 * ONE_MINUTE));
        assertEquals(1, harness.numEventTimeTimers(), "one timer for the bucket, not one per feedback");

        harness.processWatermark(FIRST_END - 1);
        assertTrue(published().isEmpty(), "nothing before the bucket ends");

        harness.processWatermark(FIRST_END);
        assertEquals(1, published().size());
        ResponseStats s = published().get(0);
        assertEquals("o", s.offerId);
        assertEquals("HIGH", s.segment);
        assertEquals(FIRST_END, s.asOf);
        assertEquals(weight(T0 + ONE_MINUTE, FIRST_END) + weight(T0 + 5 * ONE_MINUTE, FIRST_END), s.trials, 1e-12);
        assertEquals(weight(T0 + 10 * ONE_MINUTE, FIRST_END), s.successes, 1e-12);
        assertEquals(FIRST_END, Harnesses.records(harness).get(0).getTimestamp(), "event time of the publication, for the broadcast downstream");

        harness.processWatermark(T0 + ONE_DAY);
        assertEquals(1, published().size(), "no feedback, no publication");
    }

    @Test
    void feedbackReadEarlyWaitsForItsOwnBucket() throws Exception {
        send(sent("o", "HIGH", T0 + ONE_MINUTE));
        send(sent("o", "HIGH", T0 + 20 * ONE_MINUTE)); // next bucket, read before the watermark passed the first
        harness.processWatermark(FIRST_END);
        assertEquals(1, published().size());
        assertEquals(weight(T0 + ONE_MINUTE, FIRST_END), published().get(0).trials, 1e-12);

        harness.processWatermark(FIRST_END + INTERVAL);
        assertEquals(2, published().size());
        ResponseStats second = published().get(1);
        assertEquals(FIRST_END + INTERVAL, second.asOf);
        assertEquals(weight(T0 + ONE_MINUTE, second.asOf) + weight(T0 + 20 * ONE_MINUTE, second.asOf), second.trials, 1e-12);
    }

    @Test
    void theSameFeedbackInAnotherOrderPublishesTheSame() throws Exception {
        List<OfferFeedback> inOrder = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inOrder.add(i % 4 == 3 ? converted("o", "HIGH", T0 + i * 7 * ONE_MINUTE) : sent("o", "HIGH", T0 + i * 7 * ONE_MINUTE));
        }
        List<OfferFeedback> shuffled = new ArrayList<>(inOrder);
        // Out of order within 20 minutes, as a bounded-out-of-orderness watermark allows.
        Collections.swap(shuffled, 0, 2);
        Collections.swap(shuffled, 5, 7);
        Collections.swap(shuffled, 9, 10);

        List<ResponseStats> a = publish(inOrder);
        List<ResponseStats> b = publish(shuffled);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).asOf, b.get(i).asOf);
            assertEquals(a.get(i).trials, b.get(i).trials, 1e-12);
            assertEquals(a.get(i).successes, b.get(i).successes, 1e-12);
        }
    }

    /** Feeds the feedback with a watermark 20 minutes behind the latest event time, then flushes. */
    private static List<ResponseStats> publish(List<OfferFeedback> feedback) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, OfferFeedback, ResponseStats> h = newHarness()) {
            long maxSeen = Long.MIN_VALUE;
            for (OfferFeedback f : feedback) {
                h.processElement(new StreamRecord<>(f, f.getEventTime()));
                maxSeen = Math.max(maxSeen, f.getEventTime());
                h.processWatermark(maxSeen - 20 * ONE_MINUTE);
            }
            h.processWatermark(Long.MAX_VALUE);
            return h.extractOutputValues();
        }
    }

    @Test
    void countsDecayBetweenPublications() throws Exception {
        for (int i = 0; i < 10; i++) {
            send(sent("o", "HIGH", FIRST_END));
        }
        harness.processWatermark(FIRST_END);
        long monthLater = FIRST_END + 30 * ONE_DAY;
        send(sent("o", "HIGH", monthLater));
        harness.processWatermark(monthLater);
        assertEquals(2, published().size());
        assertEquals(10, published().get(0).trials, 1e-12);
        assertEquals(5 + 1, published().get(1).trials, 1e-6, "ten halved by a half-life, plus one");
    }

    @Test
    void lateFeedbackIsPublishedWithTheNextOpenBucketAtItsOwnWeight() throws Exception {
        harness.processWatermark(T0 + 60 * ONE_MINUTE);
        send(sent("o", "HIGH", T0 + 10 * ONE_MINUTE)); // its bucket was closed long ago
        harness.processWatermark(T0 + 75 * ONE_MINUTE - 2);
        assertTrue(published().isEmpty());
        harness.processWatermark(T0 + 75 * ONE_MINUTE - 1);
        ResponseStats s = published().get(0);
        assertEquals(T0 + 75 * ONE_MINUTE - 1, s.asOf);
        assertEquals(weight(T0 + 10 * ONE_MINUTE, s.asOf), s.trials, 1e-12);
    }

    @Test
    void dismissedAndUnknownFeedbackChangeNothing() throws Exception {
        send(feedback("o", "HIGH", FeedbackType.DISMISSED, T0));
        send(feedback("o", "HIGH", FeedbackType.UNKNOWN, T0));
        assertEquals(0, harness.numEventTimeTimers());
        harness.processWatermark(T0 + ONE_DAY);
        assertTrue(published().isEmpty());
    }

    @Test
    void keysAreKeptApartAndEachKeepsOneValueOncePublished() throws Exception {
        for (OfferFeedback f : FeedbackFanOut.withAllSegments(sent("o", "HIGH", T0))) {
            send(f);
        }
        for (OfferFeedback f : FeedbackFanOut.withAllSegments(converted("o", "LOW", T0 + ONE_MINUTE))) {
            send(f);
        }
        harness.processWatermark(FIRST_END);
        List<ResponseStats> p = published();
        assertEquals(3, p.size());
        ResponseStats all = p.stream().filter(s -> s.segment.equals("*")).findFirst().orElseThrow();
        assertEquals(weight(T0, FIRST_END), all.trials, 1e-12);
        assertEquals(weight(T0 + ONE_MINUTE, FIRST_END), all.successes, 1e-12);
        assertEquals(3, harness.numKeyedStateEntries(), "the stats per key; nothing pending");
    }

    @Test
    void aRestoredSnapshotPublishesWhatTheUninterruptedRunWould() throws Exception {
        List<OfferFeedback> before = List.of(sent("o", "HIGH", T0), sent("o", "HIGH", T0 + 20 * ONE_MINUTE));
        List<OfferFeedback> after = List.of(converted("o", "HIGH", T0 + 25 * ONE_MINUTE), sent("o", "HIGH", T0 + 40 * ONE_MINUTE));
        for (OfferFeedback f : before) {
            send(f);
        }
        harness.processWatermark(FIRST_END); // the first bucket published, the second pending
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        for (OfferFeedback f : after) {
            send(f);
        }
        harness.processWatermark(Long.MAX_VALUE);
        List<ResponseStats> uninterrupted = published();

        try (KeyedOneInputStreamOperatorTestHarness<String, OfferFeedback, ResponseStats> restored = restored(snapshot)) {
            for (OfferFeedback f : after) {
                restored.processElement(new StreamRecord<>(f, f.getEventTime()));
            }
            restored.processWatermark(Long.MAX_VALUE);
            assertEquals(uninterrupted.subList(1, uninterrupted.size()), restored.extractOutputValues());
        }
    }
}
