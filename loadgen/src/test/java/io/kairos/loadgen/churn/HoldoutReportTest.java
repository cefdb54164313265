package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HoldoutReportTest {
    /** Four customers: the reference ranks them perfectly, "recency" gets one pair wrong. */
    private static HoldoutScoring.Result result() {
        List<HoldoutScoring.Customer> customers = new ArrayList<>();
        customers.add(new HoldoutScoring.Customer("a", true, false, new double[] {0.1, 3}));
        customers.add(new HoldoutScoring.Customer("b", true, false, new double[] {0.2, 9}));
        customers.add(new HoldoutScoring.Customer("c", false, true, new double[] {0.8, 5}));
        customers.add(new HoldoutScoring.Customer("d", true, true, new double[] {0.9, 10}));
        return HoldoutScoring.score(List.of("pChurn", "recency"), "pChurn", customers,
                new HoldoutScoring.Settings(50, 1, 0.9, 2));
    }

    @Test
    void theBarComparesTheReferenceWithEachScoreInEachGroupAndChecksCalibration() {
        List<HoldoutReport.Check> checks = HoldoutReport.checks(result(), new HoldoutReport.Bar(0.05));
        assertEquals(3, checks.size());
        assertTrue(checks.get(0).met(), checks.get(0).toString()); // all: 1.0 vs 0.75
        // Deciles of 2: (0.1, 0.2) predicted 15% observed 0%; (0.8, 0.9) 85% vs 100%: 15 points off.
        HoldoutReport.Check calibration = checks.get(2);
        assertFalse(calibration.met(), calibration.toString());
        assertTrue(calibration.measured().contains("15.0 points"), calibration.toString());
    }

    @Test
    void writesJsonHtmlAndThePlots(@TempDir Path dir) throws Exception {
        Path html = HoldoutReport.write(dir, "t", Map.of("recording", "x.avro"), Map.of("customers", 4), result(),
                new HoldoutReport.Bar(0.05));
        for (String f : List.of("report.json", "report.html", "roc-all.png", "roc-repeat.png", "calibration.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 500, f);
        }
        assertTrue(Files.readString(html).contains("roc-all.png"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(1.0, json.at("/groups/0/auc/0/auc/estimate").asDouble(), 1e-12);
        assertEquals(0.75, json.at("/groups/0/auc/1/auc/estimate").asDouble(), 1e-12);
        assertEquals(-0.25, json.at("/groups/0/auc/1/minusReference/estimate").asDouble(), 1e-12);
        assertEquals(2, json.at("/groups/0/calibration").size());
        assertEquals(3, json.at("/bar").size());
    }
}
