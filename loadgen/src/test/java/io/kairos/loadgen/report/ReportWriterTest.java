package io.kairos.loadgen.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    static Report sampleReport() {
        Histogram latency = new Histogram(3_600_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            latency.recordValue(40 + i % 200); // 40..239 ms
        }
        latency.recordValue(2_500); // one slow one
        Histogram empty = new Histogram(3_600_000L, 3);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("profile", "ramp 500/s -> 2000/s over 10s");
        parameters.put("customers", "5000");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events produced", 12_345L);
        summary.put("events/s", 987.6);
        Report.TimeSeries series = new Report.TimeSeries(
                List.of(0, 1, 2), List.of(500.0, 650.0, 800.0), List.of(498L, 651L, 799L),
                List.of(3L, 7L, 11L), List.of(-1L, 450L, 300L));
        return new Report("kairos demo", "2026-12-02T04:00:00Z", parameters, summary,
                List.of(LatencySection.of("produce to Redis", "what it measures", latency),
                        LatencySection.of("nothing", "an empty one", empty),
                        LatencySection.of("produce to Redis, trigger CROSS_SELL", "trigger", "per trigger", latency),
                        LatencySection.of("produce to Redis, channel WEB", "channel", "per channel", latency)),
                series, List.of());
    }

    @Test
    void writesJsonThatReadsBackTheSame(@TempDir Path dir) throws Exception {
        Report report = sampleReport().withTable(new Report.Table(
                "Accuracy", "against ground truth", List.of("measure", "value"),
                List.of(List.of("recall", "0.93"), List.of("precision", "0.88"))));
        ReportWriter.write(report, dir);

        Report back = ReportWriter.read(dir.resolve(ReportWriter.JSON));
        ObjectMapper mapper = new ObjectMapper();
        // the same JSON (numbers in the free-form summary come back as Integer or Long, by size)
        assertEquals(mapper.writeValueAsString(report), mapper.writeValueAsString(back));
        assertEquals(report.latency(), back.latency());
        assertEquals(report.series(), back.series());
        assertEquals(report.tables(), back.tables());

        LatencySection latency = back.latency("produce to Redis");
        assertEquals(1001, latency.count());
        assertTrue(latency.p50Ms() >= 130 && latency.p50Ms() <= 150, "p50 " + latency.p50Ms());
        assertEquals(2_500, latency.maxMs(), 2);
        assertTrue(latency.p99Ms() <= latency.p999Ms() && latency.p999Ms() <= latency.maxMs());
        assertEquals(1001, latency.decodeHistogram().getTotalCount(), "the histogram itself is in the file");
        assertEquals(0, back.latency("nothing").count());
        assertEquals("trigger", back.latency("produce to Redis, trigger CROSS_SELL").group());
        assertEquals(LatencySection.OVERALL, back.latency("nothing").group());
    }

    @Test
    void chartsAreValidPngImagesAndThePageShowsThemAndEveryTable(@TempDir Path dir) throws Exception {
        Report report = sampleReport().withTable(new Report.Table(
                "Accuracy <against> truth", "", List.of("measure", "value"), List.of(List.of("recall", "0.93"))));
        Path html = ReportWriter.write(report, dir);

        for (String png : List.of(ReportWriter.LATENCY_PNG, "latency-trigger.png", "latency-channel.png",
                ReportWriter.THROUGHPUT_PNG, ReportWriter.LAG_PNG)) {
            Path file = dir.resolve(png);
            byte[] bytes = Files.readAllBytes(file);
            assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 4), png);
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, png);
            assertTrue(image.getWidth() >= 600 && image.getHeight() >= 300, png);
        }
        String page = Files.readString(html);
        assertTrue(page.contains("src=\"latency.png\""), page);
        assertTrue(page.contains("src=\"latency-trigger.png\""), page);
        assertTrue(page.contains("<td>produce to Redis, channel WEB</td>"), "every breakdown is a row of the table");
        assertTrue(page.contains("src=\"throughput.png\""), page);
        assertTrue(page.contains("src=\"lag.png\""), page);
        assertTrue(page.contains("Accuracy &lt;against&gt; truth"), "tables are shown, escaped");
        assertTrue(page.contains("<td>recall</td><td class=\"n\">0.93</td>"), page);
        assertTrue(page.contains("ramp 500/s -&gt; 2000/s over 10s"), page);
    }
}
