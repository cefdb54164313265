package io.kairos.catalog;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The catalog is configuration, not an event stream: it must never hold back event time in the
 * operator it is connected to (a two-input operator's watermark is the minimum of its inputs,
 * and a catalog that changes once a week would otherwise stall every cart timer).
 */
public final class CatalogWatermarks {
    private CatalogWatermarks() {}

    public static WatermarkStrategy<CatalogUpdate> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new NeverHoldBack());
    }

    private static final class NeverHoldBack implements WatermarkGenerator<CatalogUpdate> {
        @Override
        public void onEvent(CatalogUpdate event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
