package io.kairos.demo.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A soak's curves and verdict on disk: {@code soak.csv} (one row per sample), {@code
 * checkpoints.csv}, {@code soak.png} (heap, state and Redis memory, checkpoint durations and lag
 * on one time axis, drawn with JFreeChart as the demo's report is) and {@code summary.txt}.
 */
final class SoakReport {
    static final String CSV = "soak.csv";
    static final String CHECKPOINTS_CSV = "checkpoints.csv";
    static final String PNG = "soak.png";
    static final String SUMMARY = "summary.txt";

    private SoakReport() {}

    static void write(Path dir, SoakSeries series, List<String> summary) throws IOException {
        Files.createDirectories(dir);
        List<String> rows = new ArrayList<>(List.of(
                "second,events_sent,consumer_lag,heap_used_mb,heap_after_gc_mb,live_set_mb,state_bytes,redis_used_bytes"));
        for (SoakSeries.Sample s : series.samples()) {
            rows.add(String.format(Locale.ROOT, "%.1f,%d,%d,%.1f,%.1f,%.1f,%d,%d", s.second(), s.sent(), s.lag(),
                    s.heapUsedMb(), s.heapAfterGcMb(), s.liveSetMb(), s.stateBytes(), s.redisUsedBytes()));
        }
        Files.write(dir.resolve(CSV), rows);
        List<String> checkpoints = new ArrayList<>(List.of(
                "id,savepoint,completed,trigger_second,duration_ms,state_bytes,checkpointed_bytes"));
        for (SoakSeries.Checkpoint c : series.checkpoints()) {
            checkpoints.add(String.format(Locale.ROOT, "%d,%s,%s,%.1f,%d,%d,%d", c.id(), c.savepoint(), c.completed(), c.triggerSecond(),
                    c.durationMs(), c.stateBytes(), c.checkpointedBytes()));
        }
        Files.write(dir.resolve(CHECKPOINTS_CSV), checkpoints);
        ChartUtils.saveChartAsPNG(dir.resolve(PNG).toFile(), chart(series, summary.get(0)), 1100, 1200);
        Files.write(dir.resolve(SUMMARY), summary);
    }

    static JFreeChart chart(SoakSeries series, String title) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the load started"));
        plot.setGap(12);
        plot.add(panel("heap of the job JVM, MB",
                line("heap in use", series.samples(), SoakSeries.Sample::heapUsedMb),
                line("heap after GC", series.samples(), SoakSeries.Sample::heapAfterGcMb),
                line("live set (after a full GC)", series.samples(), SoakSeries.Sample::liveSetMb)));
        plot.add(panel("MB",
                line("checkpointed state (full size)", series.samples(), s -> s.stateBytes() / 1e6),
                line("redis-server used memory", series.samples(), s -> s.redisUsedBytes() / 1e6)));
        XYSeries durations = new XYSeries("checkpoint end-to-end duration, at its trigger");
        for (SoakSeries.Checkpoint c : series.checkpoints()) {
            if (c.completed()) {
                durations.add(c.triggerSecond(), c.durationMs());
            }
        }
        plot.add(panel("ms", durations));
        plot.add(panel("events", line("consumer lag (produced, not yet checkpointed)", series.samples(),
                s -> s.lag())));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries line(String name, List<SoakSeries.Sample> samples,
                                 ToDoubleFunction<SoakSeries.Sample> value) {
        XYSeries series = new XYSeries(name);
        for (SoakSeries.Sample s : samples) {
            double v = value.applyAsDouble(s);
            if (v >= 0) { // -1: not known at that sample
                series.add(s.second(), v);
            }
        }
        return series;
    }

    private static XYPlot panel(String axis, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.length; i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, null, new NumberAxis(axis), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
