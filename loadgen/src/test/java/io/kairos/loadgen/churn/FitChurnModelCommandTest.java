package io.kairos.loadgen.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FitChurnModelCommandTest {
    @TempDir
    Path dir;

    /**
     * 200 customers over a year: regulars every 5-9 days, some of whom pause for months and
     * come back, some of whom stop for good, and one-time buyers. The fit prints the option lines
     * to paste, the dormant rate among them.
     */
    @Test
    void printsEveryParameterAsAnOptionLineTheDormantRateIncluded() throws Exception {
        Path csv = history();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new CommandLine(new FitChurnModelCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--history", csv.toString());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        for (String key : new String[] {"model: mbg", "r: ", "alpha: ", "a: ", "b: ", "dormant-rate: "}) {
            assertTrue(out.contains("kairos.churn.bgnbd." + key), key + " in\n" + out);
        }
        Matcher rate = Pattern.compile("kairos\\.churn\\.bgnbd\\.dormant-rate: ([0-9.]+)").matcher(out);
        assertTrue(rate.find(), out);
        // the pauses of a quarter of the customers are what a dormant rate is for
        assertTrue(Double.parseDouble(rate.group(1)) > 0, out);
        assertTrue(out.contains("kept"), out);
        assertTrue(out.contains("Erlang-k, k <= 8"), out);
    }

    @Test
    void fitsParetoNbdAndSaysWhichNumberIsWhich() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new CommandLine(new FitChurnModelCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--history", history().toString(), "--model", "pareto");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("fitted Pareto/NBD r="), out);
        assertTrue(out.contains("kairos.churn.bgnbd.model: pareto"), out);
        assertTrue(Pattern.compile("kairos\\.churn\\.bgnbd\\.a: [0-9.]+ +# Pareto/NBD s").matcher(out).find(), out);
        assertTrue(Pattern.compile("kairos\\.churn\\.bgnbd\\.b: [0-9.]+ +# Pareto/NBD beta, days").matcher(out).find(), out);
        assertTrue(out.contains("kairos.churn.bgnbd.dormant-rate: "), out);
    }

    @Test
    void aRegularityTheJobWouldRefuseStopsTheFitWithTheOptionsNamed() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new FitChurnModelCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                    .execute("--history", history().toString(), "-o", "kairos.churn.max-regularity=0");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(2, exit, bytes.toString(StandardCharsets.UTF_8));
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("kairos.churn.max-regularity"), errors.toString(StandardCharsets.UTF_8));
    }

    private Path history() throws Exception {
        Path csv = dir.resolve("history.csv");
        StringBuilder rows = new StringBuilder("customer_id,timestamp\n");
        Random random = new Random(7);
        LocalDate start = LocalDate.of(2022, 1, 1);
        for (int c = 0; c < 200; c++) {
            int day = random.nextInt(60);
            boolean oneTime = c % 4 == 0;
            boolean stops = c % 4 == 1;
            boolean pauses = c % 4 == 2;
            int purchases = 0;
            while (day < 365) {
                rows.append("c").append(c).append(',').append(start.plusDays(day)).append('\n');
                purchases++;
                if (oneTime || (stops && purchases > 8)) {
                    break;
                }
                day += 5 + random.nextInt(5) + (pauses && random.nextInt(6) == 0 ? 60 + random.nextInt(60) : 0);
            }
        }
        Files.writeString(csv, rows);
        return csv;
    }

    @Test
    void aSimulatedPopulationHasNoGapsSoItsDormantRateIsZeroAndSaysWhy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new CommandLine(new FitChurnModelCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--simulate", "2000");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("dormant rate 0: a simulated population has summaries only"), out);
        assertTrue(out.contains("kairos.churn.bgnbd.dormant-rate: 0.00000"), out);
    }
}
