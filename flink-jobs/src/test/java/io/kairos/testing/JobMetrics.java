package io.kairos.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Reads a MiniCluster job's metrics from an {@link InMemoryReporter}, and waits on them. */
public final class JobMetrics {
    private final InMemoryReporter reporter;

    public JobMetrics(InMemoryReporter reporter) {
        this.reporter = reporter;
    }

    /** Sum over subtasks of the job's counters with this name. */
    public long counterSum(JobID job, String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            Metric metric = group.getValue().get(name);
            if (metric instanceof Counter) {
                sum += ((Counter) metric).getCount();
            }
        }
        return sum;
    }

    /**
     * The names the job's metrics have in Prometheus (Flink's PrometheusReporter: {@code flink_}
     * + the logical scope + the metric name, non-word characters as {@code _}; key-value groups
     * become labels), for checking that dashboards and alerts query metrics that exist.
     */
    public Set<String> prometheusNames(JobID job) {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            String jobId = group.getKey().getAllVariables().get("<job_id>");
            if (jobId != null && !job.toString().equals(jobId)) {
                continue;
            }
            // The reporter keeps the unwrapped groups; their logical scope is what reporters see.
            String scope = ((AbstractMetricGroup<?>) group.getKey()).getLogicalScope(JobMetrics::prometheusWord, '_');
            for (String metric : group.getValue().keySet()) {
                names.add("flink_" + scope + "_" + prometheusWord(metric));
            }
        }
        return names;
    }

    private static String prometheusWord(String s) {
        return s.replaceAll("[^a-zA-Z0-9:_]", "_");
    }

    /** The job's non-zero counters and its watermarks, for a timeout's message. */
    public String describe(JobID job) {
        Map<String, Long> counters = new TreeMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : reporter.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            String scope = group.getKey().getMetricIdentifier("");
            String shortScope = scope.substring(scope.indexOf(".kairos") + 1);
            for (Map.Entry<String, Metric> m : group.getValue().entrySet()) {
                if (m.getKey().contains("Watermark") && m.getValue() instanceof Gauge) {
                    Object w = ((Gauge<?>) m.getValue()).getValue();
                    counters.put(shortScope + m.getKey(), w instanceof Long ? (Long) w : -1L);
                }
                if (m.getValue() instanceof Counter && ((Counter) m.getValue()).getCount() > 0
                        && !m.getKey().startsWith("num") && !m.getKey().startsWith("commits")) {
                    counters.merge(shortScope + m.getKey(), ((Counter) m.getValue()).getCount(), Long::sum);
                }
            }
        }
        return counters.toString();
    }

    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    /** Waits up to 60 s; the timeout names what was awaited and the state at the end. */
    public static void await(String what, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + " " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
