package io.kairos.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.churn.BgNbdParameters;
import io.kairos.customer.CustomerModelSettings;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The churn model's parameters in use are gauges, so a dashboard shows which fit a job runs with. */
class ChurnModelGaugesTest {
    /** Records gauges by their dotted path. */
    private static final class Recording extends UnregisteredMetricsGroup {
        final Map<String, Gauge<?>> gauges;
        final String prefix;

        Recording(Map<String, Gauge<?>> gauges, String prefix) {
            this.gauges = gauges;
            this.prefix = prefix;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new Recording(gauges, prefix + name + ".");
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(prefix + name, gauge);
            return gauge;
        }
    }

    @Test
    void theParametersInUseAreGauges() {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.bgNbd = new BgNbdParameters(1.0677, 25.715, 0.3246, 7.6087);
        Map<String, Gauge<?>> gauges = new TreeMap<>();
        OperatorMetrics.churnModel(new Recording(gauges, ""), b.build());
        assertEquals(1.0677, gauges.get("kairos.churnModel.bgnbdR").getValue());
        assertEquals(25.715, gauges.get("kairos.churnModel.bgnbdAlpha").getValue());
        assertEquals(0.3246, gauges.get("kairos.churnModel.bgnbdA").getValue());
        assertEquals(7.6087, gauges.get("kairos.churnModel.bgnbdB").getValue());
        assertEquals(90.0, gauges.get("kairos.churnModel.horizonDays").getValue());
        assertEquals(0.94, gauges.get("kairos.churnModel.riskEnter").getValue());
        assertEquals(0.8, gauges.get("kairos.churnModel.riskExit").getValue());
        assertEquals(12.0, gauges.get("kairos.churnModel.cueWeight").getValue());
        assertEquals(0.0, gauges.get("kairos.churnModel.dormantRate").getValue());
        assertEquals(9, gauges.size());
    }
}
