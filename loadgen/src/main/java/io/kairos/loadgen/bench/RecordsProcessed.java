package io.kairos.loadgen.bench;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for jobs run in this JVM: it keeps each operator's {@code numRecordsIn}
 * counters, so a benchmark reads how many records an operator has processed as it goes. Offsets
 * committed at checkpoints would tie the measurement to the checkpoint interval, and a short
 * interval to make them fine-grained changes what is measured (each RocksDB checkpoint flushes
 * the memtables; at one a second, compactions take a quarter of a core).
 */
public final class RecordsProcessed implements MetricReporter {
    private static final String RECORDS_IN = "numRecordsIn";
    /** job id + operator name -> subtask index -> counter. */
    private static final Map<String, Map<String, Counter>> COUNTERS = new ConcurrentHashMap<>();

    /** Registers the reporter in a local environment's configuration. */
    public static void addTo(Configuration flink) {
        flink.setString("metrics.reporter.kairos-records-processed.factory.class", Factory.class.getName());
    }

    /** Records processed so far by every subtask of the job's operator with that name. */
    public static long of(JobID job, String operatorName) {
        Map<String, Counter> subtasks = COUNTERS.get(job + "/" + operatorName);
        return subtasks == null ? 0 : subtasks.values().stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String key = keyOf(name, group);
        if (key != null && metric instanceof Counter) {
            COUNTERS.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                    .put(group.getAllVariables().get("<subtask_index>"), (Counter) metric);
        }
    }

    /** Kept: a finished job's counts can still be read (a few entries per job run in this JVM). */
    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Only operator-level input counters: the task's own counts records of its whole chain. */
    private static String keyOf(String name, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String operator = variables.get("<operator_name>");
        String job = variables.get("<job_id>");
        return RECORDS_IN.equals(name) && operator != null && job != null ? job + "/" + operator : null;
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RecordsProcessed();
        }
    }
}
