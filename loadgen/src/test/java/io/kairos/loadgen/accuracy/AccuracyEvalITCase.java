package io.kairos.loadgen.accuracy;

import io.kairos.loadgen.accuracy.ScoringOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.loadgen.accuracy.AccuracyReport;
import io.kairos.loadgen.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.kairos.loadgen.engine.EmbeddedEngine;

/**
 * Issue 6, accuracy: a small scenario (300 customers, 120 days) recorded to a file, replayed with
 * the Replayer at max speed into a real (embedded) Kafka, decided by the real PersonalizationJob at
 * parallelism 2 on a MiniCluster with a real redis-server, event time moved a day past the end with
 * clock ticks, and the accuracy report computed from customer-signals and what channels read in
 * Redis. The job runs on event time and the scenario is seeded, so for one start the figures are
 * the same on every run; the history ends yesterday (Redis must not expire its messages), so from
 * day to day weekdays and DST shift a few sessions and the figures move a little. The bounds
 * leave room for that, not for a regression.
 */
class AccuracyEvalITCase {
    private static final long DAY = 86_400_000L;

    @Test
    void aReplayedScenarioIsScoredAgainstItsTruth(@TempDir Path dir) throws Exception {
        Scenario.Settings settings = new Scenario.Settings(300, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - 120 * DAY), 120, 7);
        AccuracyEvalCommand.Result result = AccuracyEvalCommand.run(settings, dir, 2, new ScoringOptions(2, 5, 3), Duration.ofSeconds(8),
                System.out::println);
        AccuracyReport r = result.report();
        String table = r.table();
        System.out.print(table);

        // Cart abandonment: every session that carted and walked away, with a consented reminder
        // channel and outside the 7-day cooldown of the customer's previous reminder, gets a
        // reminder 30 min (kairos.cart.abandonment-delay) after the last cart change; sessions of a
        // customer are 3 h apart, so nothing in between cancels it. Measured: all of them, none
        // spurious. A lost timer, a cancelled reminder or a reminder for a bought cart fails here.
        assertTrue(r.cartAbandonment().expected() >= 200, table);
        assertTrue(r.cartAbandonment().foundShare() >= 0.95, table);
        assertEquals(0, r.cartAbandonment().spurious(), table);
        assertEquals(30.0, r.cartAbandonment().medianDelayMinutes(), 1e-9, table);

        // Cross-sell: each purchase of a main product with a reachable, not-yet-owned accessory
        // offer gets one message at the purchase's time, for one of those offers (a customer's main
        // products are 30 d apart, beyond the 7 d offer cooldown). Measured: all of them.
        assertTrue(r.crossSell().expected() >= 50, table);
        assertTrue(r.crossSell().foundShare() >= 0.95, table);
        assertEquals(r.crossSell().found(), r.crossSell().rightOffer(), table);
        assertEquals(0, r.crossSell().spurious(), table);

        // Churn: drifters stop after a slowing phase; the flag is P(left) = 1 - P(alive) at or
        // above 0.94 (ChurnRiskModel: MBG/NBD with Erlang-k regularity averaged over its
        // posterior, visits as signs of life, negative cues as evidence). Measured on 2000
        // customers (./kairos accuracy-eval): recall 100%, median 1.36 gaps, p90 3.30, precision
        // 83.2% of flagged customers (1.35, 3.20 and 82.3% while k was a point estimate; 84.5%
        // and 1.21 gaps with BG/NBD at 0.93; 82% with pChurn >= 0.95 and a median of 2.05 gaps;
        // 51.6% under the old noisy-OR of four detectors); on these 300: recall 100%, median
        // 1.28, p90 3.24, precision 84.1% (k a point estimate: 1.21, 3.24, 82.6%). The
        // median must stay within issue 16's 1.5 gaps; at least 0.5, since a drifter flagged
        // during the slowing stays flagged through their last purchase only with support pages
        // behind it, and a median below half a gap would mean flags that every purchase brings.
        // Precision below 70% (it was 40% for the old model) means many new false alarms.
        // The p90 bound is back at 4 gaps. It had been widened to 5 when two runs of one scenario
        // gave different churn signals (p90 2.83 vs 4.39 gaps): events waited for the watermark
        // while broadcast updates applied on arrival. Since each event is decided on arrival in
        // its customer's order, two runs read the same 205 signals: p90 2.75 both times.
        assertTrue(r.churn().detectable() >= 25, table);
        assertTrue(r.churn().recall() >= 0.9, table);
        assertTrue(r.churn().medianDelayGaps() >= 0.5 && r.churn().medianDelayGaps() <= 1.5, table);
        assertTrue(r.churn().p90DelayGaps() <= 4, table);
        assertTrue(r.churn().customerPrecision() >= 0.7, table); // measured 84.1% on these 300 customers (MBG/NBD, 0.94)

        // Contact policy: every message on a channel the customer consented to at that time, for a
        // known customer; at most one cross-sell and one reminder a day (cooldowns), so no one gets
        // more than 2 a day (the cap given).
        assertTrue(r.consent().messages() > 0, table);
        assertEquals(0, r.consent().withoutConsent(), table);
        assertEquals(0, r.consent().unknownCustomer(), table);
        assertTrue(r.messages().maxPerDay() <= 2, table);
        assertEquals(0, r.messages().dayCapViolations(), table);
        assertEquals(r.consent().messages(), r.messages().total());
    }
}
