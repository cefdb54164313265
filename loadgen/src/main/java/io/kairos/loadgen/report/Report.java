package io.kairos.loadgen.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a measured run, as written to {@code report.json} and shown in
 * {@code report.html}: what was run ({@code parameters}), headline numbers ({@code summary}),
 * latency distributions, per-second series, and further sections as tables (e.g. accuracy
 * against ground truth), which any part of the tool can add with {@link #withTable}.
 *
 * @param title what was run, e.g. "kairos demo"
 * @param startedAt ISO-8601 instant load started
 * @param parameters run parameters as given (rate profile, customers, seed, machine, ...)
 * @param summary headline numbers (events produced, messages landed, matched, ...)
 * @param latency one section per measured latency (produce to Redis, cart reminder lateness)
 * @param series per second: target rate, produced, landed, lag
 * @param tables further sections, each a table
 */
public record Report(
        String title,
        String startedAt,
        Map<String, String> parameters,
        Map<String, Object> summary,
        List<LatencySection> latency,
        TimeSeries series,
        List<Table> tables) {

    public Report {
        parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
        summary = summary == null ? Map.of() : new LinkedHashMap<>(summary);
        latency = latency == null ? List.of() : List.copyOf(latency);
        tables = tables == null ? List.of() : List.copyOf(tables);
        series = series == null ? TimeSeries.empty() : series;
    }

    /** This report with one more table section (e.g. an accuracy table). */
    public Report withTable(Table table) {
        List<Table> more = new ArrayList<>(tables);
        more.add(table);
        return new Report(title, startedAt, parameters, summary, latency, series, more);
    }

    /** The latency section of that name, or null. */
    public LatencySection latency(String name) {
        return latency.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A section shown as a table: a title, a sentence on what it shows, column names, and rows
     * of cells as text (formatted by whoever made it, so the page shows them as meant).
     */
    public record Table(String title, String description, List<String> columns, List<List<String>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Per-second series from the start of load: {@code second[i]} is the start of the bucket in
     * seconds; {@code targetRate} what the rate profile asked for (events/s), {@code produced}
     * events handed to Kafka in that second, {@code landed} messages Redis added to the push
     * streams in that second, {@code lag} the job's consumer lag sampled in that second (-1:
     * not known).
     */
    public record TimeSeries(
            List<Integer> second, List<Double> targetRate, List<Long> produced, List<Long> landed, List<Long> lag) {
        public TimeSeries {
            second = List.copyOf(second);
            targetRate = List.copyOf(targetRate);
            produced = List.copyOf(produced);
            landed = List.copyOf(landed);
            lag = List.copyOf(lag);
            int n = second.size();
            if (targetRate.size() != n || produced.size() != n || landed.size() != n || lag.size() != n) {
                throw new IllegalArgumentException("series of different lengths");
            }
        }

        public static TimeSeries empty() {
            return new TimeSeries(List.of(), List.of(), List.of(), List.of(), List.of());
        }

        public int length() {
            return second.size();
        }
    }
}
