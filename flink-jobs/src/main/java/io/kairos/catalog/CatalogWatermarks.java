package io.kairos.catalog;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The catalog is configuration, not an event stream: it must take no part in event time in the
 * operator it is connected to. A two-input operator's watermark is the minimum over its active
 * inputs, so the catalog input declares itself idle for good and never emits a watermark.
 *
 * <p>Not a MAX watermark: when every customer-event partition goes idle (a quiet night), the
 * minimum over active inputs would then be the catalog's MAX, and every pending cart timer and
 * waiting event would fire at once. Idle on both sides, event time simply stands still until
 * customers are back.
 */
public final class CatalogWatermarks {
    private CatalogWatermarks() {}

    public static WatermarkStrategy<CatalogUpdate> strategy() {
        return alwaysIdle();
    }

    /** For any stream that is configuration, not events: idle for good, no watermark ever. */
    public static <T> WatermarkStrategy<T> alwaysIdle() {
        return WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<>());
    }

    static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
