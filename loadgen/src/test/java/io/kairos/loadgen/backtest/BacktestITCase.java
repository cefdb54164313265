package io.kairos.loadgen.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.loadgen.engine.EmbeddedEngine;
import io.kairos.loadgen.scenario.Scenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kairos backtest} end to end on the embedded stack: a seeded scenario (200 customers, 90
 * days) recorded to a file is the history up to 30 days before its end and, the same file, the
 * holdout after. The command must write profiles, signals and decisions that agree with each
 * other and with the recording, and a report whose figures are consistent (every interval holds
 * its estimate, the deciles add up to the customers scored) and sane (the engine's churn
 * probability and recency rank churners above chance on a population with planted churners).
 */
class BacktestITCase {
    private static final long DAY = 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backtestsARecordingAndScoresItsChurnProbabilityAgainstTheHoldout(@TempDir Path dir) throws Exception {
        Scenario.Settings settings = new Scenario.Settings(200, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - 90 * DAY), 90, 7);
        new Scenario(settings).write(dir.resolve("scenario"));
        Path recording = dir.resolve("scenario").resolve(Scenario.EVENTS_FILE);
        long until = settings.endMillis() - 30 * DAY;
        Path out = dir.resolve("out");

        // Pareto/NBD: the fit, the dormant rate under MBG/NBD's chances and the job's
        // ParetoSurvival on a cluster, end to end (the default MBG/NBD runs in AccuracyEvalITCase)
        int exit = new CommandLine(new BacktestCommand()).execute("--recording", recording.toString(),
                "--until", Long.toString(until), "--holdout", recording.toString(), "--holdout-days", "30",
                "--out", out.toString(), "--resamples", "200", "--parallelism", "2",
                "-o", "kairos.churn.bgnbd.model=pareto");
        assertEquals(0, exit);

        PurchaseHistory history = PurchaseHistory.fromRecording(recording);
        List<JsonNode> profiles = jsonl(out.resolve("profiles.jsonl"));
        // Every customer with an event before --until has a profile, as of no later than --until.
        assertEquals(history.customersWithEventsBefore(until), customerIds(profiles));
        for (JsonNode p : profiles) {
            double pChurn = p.path("pChurn").asDouble(Double.NaN);
            assertTrue(pChurn >= 0 && pChurn <= 1, p.toString());
            assertTrue(p.path("updatedAt").asLong() <= until, p.toString());
        }
        List<JsonNode> signals = jsonl(out.resolve("signals.jsonl"));
        List<JsonNode> decisions = jsonl(out.resolve("decisions.jsonl"));
        assertTrue(signals.size() > 0 && decisions.size() > 0);
        for (JsonNode s : signals) {
            assertTrue(s.path("eventTime").asLong() <= until, "no signal after --until: " + s);
        }
        assertEquals(signals.size() + 1, Files.readAllLines(out.resolve("signals.csv")).size());
        assertEquals(decisions.size() + 1, Files.readAllLines(out.resolve("decisions.csv")).size());
        assertEquals(profiles.size() + 1, Files.readAllLines(out.resolve("profiles.csv")).size());

        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        for (String png : List.of("roc-all.png", "roc-repeat.png", "calibration.png", "report.html")) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        JsonNode all = report.path("groups").get(0);
        JsonNode repeat = report.path("groups").get(1);
        assertEquals("all customers", all.path("name").asText());
        int buyers = history.customersBefore(until).size();
        assertEquals(buyers, all.path("customers").asInt(), "every buyer before --until has a profile and is scored");
        assertTrue(repeat.path("customers").asInt() < buyers && repeat.path("customers").asInt() > 0);
        int calibrated = 0;
        for (JsonNode row : all.path("calibration")) {
            calibrated += row.path("count").asInt();
        }
        assertEquals(buyers, calibrated);
        for (JsonNode group : report.path("groups")) {
            for (JsonNode auc : group.path("auc")) {
                JsonNode a = auc.path("auc");
                assertTrue(a.path("low").asDouble() <= a.path("estimate").asDouble()
                        && a.path("estimate").asDouble() <= a.path("high").asDouble(), auc.toString());
            }
        }
        // The planted churners stop buying: both the engine and recency rank them above chance.
        assertTrue(auc(all, ChurnBacktest.P_CHURN) > 0.6, all.toString());
        assertTrue(auc(all, ChurnBacktest.RECENCY) > 0.6, all.toString());
    }

    @Test
    void badInputIsAClearErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Scenario.Settings settings = new Scenario.Settings(20, Instant.ofEpochMilli(EmbeddedEngine.historyEnd() - 20 * DAY), 20, 3);
        new Scenario(settings).write(dir);
        Path recording = dir.resolve(Scenario.EVENTS_FILE);
        String until = Long.toString(settings.endMillis() - 10 * DAY);

        String missing = run("--recording", dir.resolve("nope.avro").toString(), "--out", dir.resolve("o").toString());
        assertTrue(missing.contains("cannot read") && missing.contains("nope.avro"), missing);

        Path strangers = dir.resolve("holdout.csv");
        Files.writeString(strangers, "customer_id,timestamp\nx-1,2099-01-01\n");
        String noOverlap = run("--recording", recording.toString(), "--until", until, "--holdout", strangers.toString(),
                "--holdout-days", "36500", "--out", dir.resolve("o").toString());
        assertTrue(noOverlap.contains("do not meet the recording's") && noOverlap.contains("x-1"), noOverlap);

        Path badTime = dir.resolve("bad.csv");
        Files.writeString(badTime, "customer_id,timestamp\nsc-0000001,2026-01-01\nsc-0000002,yesterday\n");
        String bad = run("--recording", recording.toString(), "--until", until, "--holdout", badTime.toString(),
                "--out", dir.resolve("o").toString());
        assertTrue(bad.contains("line 3") && bad.contains("column 2") && bad.contains("'yesterday'"), bad);

        String regularity = run("--recording", recording.toString(), "--until", until, "--out", dir.resolve("o").toString(),
                "-o", "kairos.churn.max-regularity=0");
        assertTrue(regularity.contains("kairos.churn.max-regularity"), regularity);
        String model = run("--recording", recording.toString(), "--until", until, "--out", dir.resolve("o").toString(),
                "-o", "kairos.churn.bgnbd.model=weibull");
        assertTrue(model.contains("mbg, bg or pareto") && model.contains("weibull"), model);
    }

    /** Runs the command, returning what it wrote to standard error; it must exit with 2. */
    private static String run(String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        try {
            StringWriter picocliErr = new StringWriter();
            int exit = new CommandLine(new BacktestCommand()).setErr(new PrintWriter(picocliErr)).execute(args);
            assertEquals(2, exit, err + picocliErr.toString());
            return err + picocliErr.toString();
        } finally {
            System.setErr(saved);
        }
    }

    private static double auc(JsonNode group, String score) {
        for (JsonNode a : group.path("auc")) {
            if (a.path("score").asText().equals(score)) {
                return a.path("auc").path("estimate").asDouble();
            }
        }
        throw new AssertionError("no AUC of " + score + " in " + group);
    }

    private static List<JsonNode> jsonl(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }

    private static Set<String> customerIds(List<JsonNode> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.path("customerId").asText()));
        return ids;
    }
}
