package io.kairos.loadgen.churn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A holdout scoring as {@code report.json} (every figure), {@code report.html} (the AUC table with
 * intervals, the bar checks, the calibration tables) and JFreeChart PNGs: the ROC curves of each
 * group ({@code roc-all.png}, {@code roc-repeat.png}) and the calibration plot ({@code
 * calibration.png}: mean predicted against observed share per bin, with the diagonal).
 */
public final class HoldoutReport {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";
    public static final String CALIBRATION_PNG = "calibration.png";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 560;
    /** Distinct on white, the engine's score first in red. */
    private static final Color[] PALETTE = {new Color(200, 30, 30), new Color(30, 80, 200), new Color(30, 150, 60),
            new Color(230, 140, 0), new Color(130, 50, 160)};
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What the engine's probability must do to pass: rank at least as well as each other score in
     * each group, and be within {@code calibrationTolerance} of the observed share in every bin
     * over all customers.
     */
    public record Bar(double calibrationTolerance) {}

    /** One check of the bar, and whether it held. */
    public record Check(String what, boolean met, String measured) {}

    private HoldoutReport() {}

    public static List<Check> checks(HoldoutScoring.Result result, Bar bar) {
        List<Check> checks = new ArrayList<>();
        for (HoldoutScoring.Group g : result.groups()) {
            double reference = g.auc(result.reference()).auc() == null ? Double.NaN : g.auc(result.reference()).auc().estimate();
            for (HoldoutScoring.ScoreAuc other : g.aucs()) {
                if (other.score().equals(result.reference()) || other.auc() == null) {
                    continue;
                }
                double theirs = other.auc().estimate();
                checks.add(new Check(String.format(Locale.ROOT, "%s: AUC of %s >= %s", g.name(), result.reference(), other.score()),
                        reference >= theirs, String.format(Locale.ROOT, "%.3f vs %.3f (%+.3f)", reference, theirs, reference - theirs)));
            }
        }
        HoldoutScoring.Group all = result.group(HoldoutScoring.ALL);
        double gap = all.calibration().maxAbsGap();
        checks.add(new Check(String.format(Locale.ROOT, "%s: |observed - predicted| <= %.0f points in every decile of %s",
                all.name(), bar.calibrationTolerance() * 100, result.reference()),
                gap <= bar.calibrationTolerance(), String.format(Locale.ROOT, "largest gap %.1f points", gap * 100)));
        return checks;
    }

    /** Writes the report files into {@code dir} (created if needed); returns report.html. */
    public static Path write(Path dir, String title, Map<String, Object> parameters, Map<String, Object> summary,
                             HoldoutScoring.Result result, Bar bar) throws IOException {
        Files.createDirectories(dir);
        List<Check> checks = checks(result, bar);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", title);
        json.put("parameters", parameters);
        json.put("summary", summary);
        json.put("reference", result.reference());
        json.put("groups", result.groups().stream().map(HoldoutReport::groupJson).toList());
        json.put("bar", checks);
        MAPPER.writeValue(dir.resolve(JSON).toFile(), json);
        for (HoldoutScoring.Group g : result.groups()) {
            ChartUtils.saveChartAsPNG(dir.resolve(rocPng(g)).toFile(), rocChart(g), WIDTH, HEIGHT);
        }
        ChartUtils.saveChartAsPNG(dir.resolve(CALIBRATION_PNG).toFile(), calibrationChart(result), WIDTH, HEIGHT);
        Path html = dir.resolve(HTML);
        Files.writeString(html, html(title, parameters, summary, result, checks), StandardCharsets.UTF_8);
        return html;
    }

    static String rocPng(HoldoutScoring.Group g) {
        return HoldoutScoring.ALL.equals(g.name()) ? "roc-all.png" : "roc-repeat.png";
    }

    private static Map<String, Object> groupJson(HoldoutScoring.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("customers", g.customers());
        m.put("churned", g.churned());
        m.put("churnShare", g.churnShare());
        List<Map<String, Object>> aucs = new ArrayList<>();
        for (HoldoutScoring.ScoreAuc a : g.aucs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("score", a.score());
            row.put("auc", a.auc());
            row.put("minusReference", a.minusReference());
            aucs.add(row);
        }
        m.put("auc", aucs);
        m.put("calibration", g.calibration().rows());
        m.put("calibrationMaxGap", g.calibration().maxAbsGap());
        return m;
    }

    /** The AUC table as text rows (score, AUC, interval, minus reference with its interval). */
    public static List<String> aucLines(HoldoutScoring.Result result) {
        List<String> lines = new ArrayList<>();
        for (HoldoutScoring.Group g : result.groups()) {
            lines.add(String.format(Locale.ROOT, "%s: %,d customers, %,d churned (%.1f%%)", g.name(), g.customers(), g.churned(),
                    100 * g.churnShare()));
            for (HoldoutScoring.ScoreAuc a : g.aucs()) {
                if (a.auc() == null) {
                    continue;
                }
                lines.add(String.format(Locale.ROOT, "  %-52s AUC %.3f [%.3f, %.3f]%s", a.score(), a.auc().estimate(),
                        a.auc().low(), a.auc().high(), a.minusReference() == null ? "" : String.format(Locale.ROOT,
                                "   minus %s %+.3f [%+.3f, %+.3f]", result.reference(), a.minusReference().estimate(),
                                a.minusReference().low(), a.minusReference().high())));
            }
        }
        return lines;
    }

    /** The calibration table of a group as text rows. */
    public static List<String> calibrationLines(HoldoutScoring.Group g) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-6s %7s %17s %10s %9s %7s", "decile", "count", "pChurn range", "predicted",
                "observed", "gap"));
        for (CalibrationTable.Row r : g.calibration().rows()) {
            lines.add(String.format(Locale.ROOT, "%-6d %7d %8.3f-%-8.3f %9.1f%% %8.1f%% %+6.1f", r.bin(), r.count(),
                    r.minPredicted(), r.maxPredicted(), 100 * r.meanPredicted(), 100 * r.observedShare(), 100 * r.gap()));
        }
        return lines;
    }

    static JFreeChart rocChart(HoldoutScoring.Group g) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<RocAuc.Point>> e : g.curves().entrySet()) {
            HoldoutScoring.ScoreAuc auc = g.auc(e.getKey());
            String label = auc.auc() == null ? e.getKey()
                    : String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), auc.auc().estimate());
            XYSeries s = new XYSeries(label, false, true);
            e.getValue().forEach(p -> s.add(p.falsePositiveRate(), p.truePositiveRate()));
            data.addSeries(s);
        }
        addDiagonal(data, "chance");
        JFreeChart chart = ChartFactory.createXYLineChart(
                String.format(Locale.ROOT, "ROC: no purchase in the holdout, %s (%,d)", g.name(), g.customers()),
                "false positive rate (stayers flagged)", "true positive rate (churners flagged)", data,
                PlotOrientation.VERTICAL, true, false, false);
        styleDiagonal(chart, data.getSeriesCount() - 1);
        return chart;
    }

    static JFreeChart calibrationChart(HoldoutScoring.Result result) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (HoldoutScoring.Group g : result.groups()) {
            XYSeries s = new XYSeries(g.name(), false, true);
            g.calibration().rows().forEach(r -> s.add(r.meanPredicted(), r.observedShare()));
            data.addSeries(s);
        }
        addDiagonal(data, "predicted = observed");
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Calibration of " + result.reference() + " by decile", "mean predicted " + result.reference(),
                "observed share without a purchase in the holdout", data, PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = styleDiagonal(chart, data.getSeriesCount() - 1);
        for (int i = 0; i < data.getSeriesCount() - 1; i++) {
            renderer.setSeriesShapesVisible(i, true);
        }
        return chart;
    }

    /**
     * Adds the diagonal from (0, 0) to (1, 1), the line a chart's curves are read against (chance
     * for a ROC curve, perfect calibration), as the last series: {@link #styleDiagonal} draws it.
     */
    private static void addDiagonal(XYSeriesCollection data, String label) {
        XYSeries diagonal = new XYSeries(label, false, true);
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
    }

    private static XYLineAndShapeRenderer styleDiagonal(JFreeChart chart, int diagonal) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < diagonal; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setSeriesPaint(diagonal, Color.GRAY);
        renderer.setSeriesStroke(diagonal, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 4f}, 0f));
        plot.setRenderer(renderer);
        chart.setBackgroundPaint(Color.WHITE);
        return renderer;
    }

    static String html(String title, Map<String, Object> parameters, Map<String, Object> summary,
                       HoldoutScoring.Result result, List<Check> checks) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.no{color:#b00}.yes{color:#070}")
                .append("img{max-width:100%;border:1px solid #eee}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p>The data is in <a href=\"").append(JSON).append("\">")
                .append(JSON).append("</a>. A churner is a customer of the calibration period with no purchase in the holdout;")
                .append(" every score ranks higher = more likely to churn.</p>\n");
        h.append("<h2>Run</h2>\n");
        keyValues(h, parameters);
        h.append("<h2>Summary</h2>\n");
        keyValues(h, summary);
        h.append("<h2>Bar</h2>\n<table><tr><th>check</th><th>measured</th><th>met</th></tr>\n");
        for (Check c : checks) {
            h.append("<tr><td>").append(esc(c.what())).append("</td><td>").append(esc(c.measured()))
                    .append("</td><td class=\"").append(c.met() ? "yes\">yes" : "no\">no").append("</td></tr>\n");
        }
        h.append("</table>\n<h2>ROC AUC</h2>\n");
        for (HoldoutScoring.Group g : result.groups()) {
            h.append(String.format(Locale.ROOT, "<h3>%s: %,d customers, %,d churned (%.1f%%)</h3>\n", esc(g.name()),
                    g.customers(), g.churned(), 100 * g.churnShare()));
            h.append("<table><tr><th>score</th><th>AUC</th><th>95% interval</th><th>minus ").append(esc(result.reference()))
                    .append("</th><th>its interval</th></tr>\n");
            for (HoldoutScoring.ScoreAuc a : g.aucs()) {
                if (a.auc() == null) {
                    continue;
                }
                h.append("<tr><td>").append(esc(a.score())).append("</td>")
                        .append(num("%.3f", a.auc().estimate()))
                        .append(num("%.3f – %.3f", a.auc().low(), a.auc().high()))
                        .append(a.minusReference() == null ? "<td></td><td></td>"
                                : num("%+.3f", a.minusReference().estimate())
                                + num("%+.3f – %+.3f", a.minusReference().low(), a.minusReference().high()))
                        .append("</tr>\n");
            }
            h.append("</table>\n<img src=\"").append(rocPng(g)).append("\" alt=\"ROC curves, ").append(esc(g.name()))
                    .append("\">\n");
        }
        h.append("<h2>Calibration of ").append(esc(result.reference())).append("</h2>\n");
        for (HoldoutScoring.Group g : result.groups()) {
            h.append("<h3>").append(esc(g.name())).append("</h3>\n<table><tr><th>decile</th><th>customers</th>")
                    .append("<th>range</th><th>predicted</th><th>observed</th><th>gap (points)</th></tr>\n");
            for (CalibrationTable.Row r : g.calibration().rows()) {
                h.append("<tr>").append(num("%d", r.bin())).append(num("%,d", r.count()))
                        .append(num("%.3f – %.3f", r.minPredicted(), r.maxPredicted()))
                        .append(num("%.1f%%", 100 * r.meanPredicted())).append(num("%.1f%%", 100 * r.observedShare()))
                        .append(num("%+.1f", 100 * r.gap())).append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<img src=\"").append(CALIBRATION_PNG).append("\" alt=\"calibration by decile\">\n</body></html>\n");
        return h.toString();
    }

    private static String num(String format, Object... values) {
        return "<td class=\"n\">" + esc(String.format(Locale.ROOT, format, values)) + "</td>";
    }

    private static void keyValues(StringBuilder h, Map<String, ?> values) {
        h.append("<table>\n");
        values.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.valueOf(v)))
                .append("</td></tr>\n"));
        h.append("</table>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
