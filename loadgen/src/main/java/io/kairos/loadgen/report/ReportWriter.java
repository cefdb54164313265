package io.kairos.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a {@link Report} to a directory: {@code report.json} (the model, for tools), and for
 * people {@code report.html} with PNG charts made with JFreeChart ({@code latency.png}: latency by
 * percentile, overall; {@code latency-trigger.png}, {@code latency-channel.png}: the same per
 * trigger and per channel when the report has those breakdowns; {@code throughput.png}: target,
 * produced and landed per second; {@code lag.png}: the job's consumer lag) and every table of the
 * report.
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";
    public static final String LATENCY_PNG = "latency.png";
    public static final String THROUGHPUT_PNG = "throughput.png";
    public static final String LAG_PNG = "lag.png";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;

    private static final ObjectMapper JSON_MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {}

    /** Writes every file; returns the path of the HTML page. */
    public static Path write(Report report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        JSON_MAPPER.writeValue(dir.resolve(JSON).toFile(), report);
        for (String group : latencyGroups(report)) {
            ChartUtils.saveChartAsPNG(dir.resolve(latencyPng(group)).toFile(), latencyChart(report, group), WIDTH, HEIGHT);
        }
        ChartUtils.saveChartAsPNG(dir.resolve(THROUGHPUT_PNG).toFile(), throughputChart(report), WIDTH, HEIGHT);
        ChartUtils.saveChartAsPNG(dir.resolve(LAG_PNG).toFile(), lagChart(report), WIDTH, HEIGHT);
        Path html = dir.resolve(HTML);
        Files.writeString(html, html(report), StandardCharsets.UTF_8);
        return html;
    }

    public static Report read(Path json) throws IOException {
        return JSON_MAPPER.readValue(json.toFile(), Report.class);
    }

    // ---- charts ----

    /**
     * Latency against percentile, on HdrHistogram's usual axis: x = 1 / (1 - percentile), log
     * scale, labelled as percentiles (90%, 99%, 99.9%, ...), so the tail is as wide as the body.
     */
    static JFreeChart latencyChart(Report report) {
        return latencyChart(report, LatencySection.OVERALL);
    }

    /** The groups of the report's latency sections, overall first (drawn even when empty). */
    static List<String> latencyGroups(Report report) {
        java.util.LinkedHashSet<String> groups = new java.util.LinkedHashSet<>();
        groups.add(LatencySection.OVERALL);
        report.latency().forEach(s -> groups.add(s.group()));
        return List.copyOf(groups);
    }

    /** The chart file of a group: latency.png for overall, latency-trigger.png, ... */
    static String latencyPng(String group) {
        return LatencySection.OVERALL.equals(group)
                ? LATENCY_PNG
                : "latency-" + group.replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
    }

    static JFreeChart latencyChart(Report report, String group) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (LatencySection section : report.latency()) {
            if (!section.group().equals(group)) {
                continue;
            }
            XYSeries series = new XYSeries(section.name() + " (" + section.count() + ")", false, true);
            for (LatencySection.Point p : section.distribution()) {
                // the 100th percentile is at infinity on this axis; the point before it has the max
                if (p.percentile() < 100) {
                    series.add(1 / (1 - p.percentile() / 100), p.valueMs());
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                LatencySection.OVERALL.equals(group) ? "Latency by percentile" : "Latency by percentile, per " + group,
                "percentile", "latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setSmallestValue(1);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setTickUnit(new NumberTickUnit(1), false, true); // a tick a decade: 0%, 90%, 99%, ...
        plot.setDomainAxis(x);
        double widest = data.getSeriesCount() == 0 ? 1 : data.getDomainUpperBound(false);
        if (widest > 1) { // end on a labelled decade (99%, 99.9%, ...)
            x.setRange(1, Math.pow(10, Math.ceil(Math.log10(widest) + 1e-9)));
        }
        plot.setNoDataMessage("no latency measured");
        style(chart);
        return chart;
    }

    static JFreeChart throughputChart(Report report) {
        Report.TimeSeries s = report.series();
        XYSeries target = new XYSeries("target rate (events/s)");
        XYSeries produced = new XYSeries("produced (events/s)");
        XYSeries landed = new XYSeries("landed in Redis (messages/s, every channel)");
        for (int i = 0; i < s.length(); i++) {
            target.add(s.second().get(i), s.targetRate().get(i));
            produced.add(s.second().get(i), s.produced().get(i));
            landed.add(s.second().get(i), s.landed().get(i));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(target);
        data.addSeries(produced);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Throughput over time", "seconds since load started", "events/s", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setNoDataMessage("no samples");
        // messages are a few per hundred events: on their own axis, on the right
        plot.setDataset(1, new XYSeriesCollection(landed));
        plot.setRangeAxis(1, new NumberAxis("messages/s"));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer landedRenderer = new XYLineAndShapeRenderer(true, false);
        landedRenderer.setSeriesPaint(0, new Color(0, 150, 0));
        landedRenderer.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, landedRenderer);
        style(chart);
        return chart;
    }

    static JFreeChart lagChart(Report report) {
        Report.TimeSeries s = report.series();
        XYSeries lag = new XYSeries("consumer lag (events produced, not yet checkpointed by the job)");
        for (int i = 0; i < s.length(); i++) {
            if (s.lag().get(i) >= 0) {
                lag.add(s.second().get(i), s.lag().get(i));
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Lag over time", "seconds since load started", "events", new XYSeriesCollection(lag),
                PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setNoDataMessage("lag not sampled");
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        for (int i = 0; i < plot.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
    }

    /** Labels x = 1 / (1 - q) as the percentile q: 1 -> 0%, 10 -> 90%, 1000 -> 99.9%. */
    private static final class PercentileFormat extends NumberFormat {
        private final DecimalFormat digits = new DecimalFormat("0.#####");

        @Override
        public StringBuffer format(double x, StringBuffer out, FieldPosition pos) {
            return out.append(digits.format(100 * (1 - 1 / x))).append('%');
        }

        @Override
        public StringBuffer format(long x, StringBuffer out, FieldPosition pos) {
            return format((double) x, out, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            return null;
        }
    }

    // ---- HTML ----

    static String html(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(r.title())).append(" report</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append("img{max-width:100%;border:1px solid #eee}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(r.title())).append("</h1>\n<p>Load started ")
                .append(esc(r.startedAt())).append(". The data is in <a href=\"").append(JSON).append("\">")
                .append(JSON).append("</a>.</p>\n");
        h.append("<h2>Run</h2>\n");
        keyValues(h, r.parameters());
        h.append("<h2>Summary</h2>\n");
        keyValues(h, r.summary());

        h.append("<h2>Latency</h2>\n<table><tr><th>measure</th><th>count</th><th>p50 ms</th>")
                .append("<th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>mean ms</th></tr>\n");
        for (LatencySection s : r.latency()) {
            h.append("<tr><td>").append(esc(s.name())).append("</td>");
            for (Object v : List.of(s.count(), s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs())) {
                h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,d", v)).append("</td>");
            }
            h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%,.1f", s.meanMs())).append("</td></tr>\n");
        }
        h.append("</table>\n<ul>\n");
        for (LatencySection s : r.latency()) {
            if (LatencySection.OVERALL.equals(s.group())) {
                h.append("<li><b>").append(esc(s.name())).append("</b>: ").append(esc(s.description())).append("</li>\n");
            }
        }
        if (r.latency().stream().anyMatch(s -> !LatencySection.OVERALL.equals(s.group()))) {
            h.append("<li>The rows per trigger and per channel measure the same for those messages only.</li>\n");
        }
        h.append("</ul>\n");
        for (String group : latencyGroups(r)) {
            h.append("<img src=\"").append(latencyPng(group)).append("\" alt=\"latency by percentile, ")
                    .append(esc(group)).append("\">\n");
        }

        h.append("<h2>Throughput and lag</h2>\n<img src=\"").append(THROUGHPUT_PNG)
                .append("\" alt=\"throughput over time\">\n<img src=\"").append(LAG_PNG)
                .append("\" alt=\"lag over time\">\n");

        for (Report.Table t : r.tables()) {
            h.append("<h2>").append(esc(t.title())).append("</h2>\n");
            if (t.description() != null && !t.description().isBlank()) {
                h.append("<p>").append(esc(t.description())).append("</p>\n");
            }
            h.append("<table><tr>");
            t.columns().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
            h.append("</tr>\n");
            for (List<String> row : t.rows()) {
                h.append("<tr>");
                row.forEach(c -> h.append(isNumber(c) ? "<td class=\"n\">" : "<td>").append(esc(c)).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void keyValues(StringBuilder h, Map<String, ?> values) {
        h.append("<table>\n");
        values.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
                .append(esc(v instanceof Number n ? formatNumber(n) : String.valueOf(v))).append("</td></tr>\n"));
        h.append("</table>\n");
    }

    private static String formatNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            return String.format(Locale.ROOT, "%,.2f", n.doubleValue());
        }
        return String.format(Locale.ROOT, "%,d", n.longValue());
    }

    private static boolean isNumber(String s) {
        return s != null && s.matches("-?[\\d,]+(\\.\\d+)?%?");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
