package io.kairos.loadgen.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.DecisionOutcome;
import io.kairos.loadgen.accuracy.DecisionReport;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.scenario.ResponseSimulator;
import io.kairos.loadgen.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisioning closed loop end to end: a small scenario (300 customers, 14 days) with the full
 * catalog, replayed into the embedded Kafka, decided by the real job at parallelism 2, answered
 * by simulated customers in event-time steps (6 h here, to stay short), and the decisions topic
 * scored. The simulated customers convert 6x the default rates (about 50-90%), so that a handful
 * of treated cross-sells is enough to see the treated convert more than the held out; the
 * holdout is 30% so that the control group is not empty.
 */
class DecisionEvalITCase {
    private static final long DAY = 86_400_000L;

    @Test
    void theLoopRespectsTheCapsHoldsOutItsShareAndShowsUplift(@TempDir Path dir) throws Exception {
        Scenario.Settings settings =
                new Scenario.Settings(300, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - 14 * DAY), 14, 7);
        ResponseSimulator.Settings simulation = new ResponseSimulator.Settings(7, 0.1, 0.15, 6.0, 0.35, 0.3, 0.1);
        DecisionEvalCommand.Result result = DecisionEvalCommand.run(settings, dir, 2, 0.3, Duration.ofHours(6),
                simulation, Map.of(), System.out::println);
        DecisionReport r = result.report();
        String table = r.table();
        System.out.print(table);

        // Caps: the job's defaults (3 / 24 h, 10 / 7 d, 2 and 6 per channel), never exceeded in any
        // rolling window.
        DecisionReport.Contacts c = r.contacts();
        assertTrue(c.messages() >= 50, table);
        assertTrue(c.maxRollingDay().max() <= 3, table);
        assertTrue(c.maxRollingWeek().max() <= 10, table);
        assertTrue(c.maxChannelRollingDay() <= 2, table);
        assertTrue(c.maxChannelRollingWeek() <= 6, table);
        assertTrue(c.withinCaps(), table);

        // Every outcome is one the job defines (UNKNOWN would mean a reader behind the writer).
        Set<String> known = Arrays.stream(DecisionOutcome.values())
                .filter(o -> o != DecisionOutcome.UNKNOWN).map(Enum::name).collect(Collectors.toSet());
        r.outcomes().forEach((o, n) -> assertTrue(n == 0 || known.contains(o), o + " in " + table));
        assertTrue(r.decisions() >= 100, table);

        // Holdout: membership is a hash of (customer, trigger) against the share, so over the
        // would-send decisions of a trigger with enough of them the share is near 30%; loose,
        // as decisions cluster by customer.
        r.holdoutShare().forEach((trigger, h) -> {
            if (h.wouldSend() >= 50) {
                assertEquals(0.3, h.share(), 0.12, trigger + " in " + table);
            }
        });
        assertEquals(0.3, r.holdoutShare().get(DecisionReport.ALL).share(), 0.1, table);

        // Some decisions are suppressed, each with the rule that did it.
        assertTrue(r.outcomes().get("SUPPRESSED") > 0, table);
        assertTrue(r.suppressedBy().values().stream().mapToLong(Long::longValue).sum() >= r.outcomes().get("SUPPRESSED"), table);
        assertTrue(!r.suppressedBy().containsKey("(none given)"), table);

        // Uplift: simulated customers convert on what they are sent, held-out ones only buy
        // on their own; so the treated convert, and more than the held out.
        DecisionReport.Uplift all = r.uplift().get(DecisionReport.ALL);
        assertTrue(all.treated() >= 10 && all.holdout() >= 3, table);
        assertTrue(all.treatedConverted() > 0, table);
        assertTrue(all.absolute() > 0, table);
        assertTrue(result.loop().conversions() > 0 && result.loop().purchases() > 0, result.loop().toString());
    }
}
