package io.kairos.decide;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.customer.PyramidThresholds;
import io.kairos.learn.ItemAssociations;
import io.kairos.learn.ResponseStats;
import java.util.Objects;

/**
 * What the personalization operator's broadcast input carries: a catalog change, new value
 * pyramid thresholds, learned response rates of an offer in a segment, or learned co-purchases
 * of a product. One broadcast input with several broadcast states, because a keyed
 * operator has one broadcast side. A Flink POJO: exactly one field is set.
 */
public class ControlUpdate {
    public CatalogUpdate catalog;
    public PyramidThresholds thresholds;
    public ResponseStats responseStats;
    public ItemAssociations associations;

    public ControlUpdate() {}

    private ControlUpdate(CatalogUpdate catalog, PyramidThresholds thresholds, ResponseStats stats, ItemAssociations associations) {
        this.catalog = catalog;
        this.thresholds = thresholds;
        this.responseStats = stats;
        this.associations = associations;
    }

    public static ControlUpdate of(CatalogUpdate catalog) {
        return new ControlUpdate(Objects.requireNonNull(catalog), null, null, null);
    }

    public static ControlUpdate of(PyramidThresholds thresholds) {
        return new ControlUpdate(null, Objects.requireNonNull(thresholds), null, null);
    }

    public static ControlUpdate of(ResponseStats stats) {
        return new ControlUpdate(null, null, Objects.requireNonNull(stats), null);
    }

    public static ControlUpdate of(ItemAssociations associations) {
        return new ControlUpdate(null, null, null, Objects.requireNonNull(associations));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlUpdate
                && Objects.equals(catalog, ((ControlUpdate) o).catalog)
                && Objects.equals(thresholds, ((ControlUpdate) o).thresholds)
                && Objects.equals(responseStats, ((ControlUpdate) o).responseStats)
                && Objects.equals(associations, ((ControlUpdate) o).associations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalog, thresholds, responseStats, associations);
    }

    @Override
    public String toString() {
        Object payload = catalog != null ? catalog : thresholds != null ? thresholds : responseStats != null ? responseStats : associations;
        return "control{" + payload + "}";
    }
}
