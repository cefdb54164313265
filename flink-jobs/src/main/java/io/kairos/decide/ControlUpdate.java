package io.kairos.decide;

import io.kairos.catalog.CatalogUpdate;
import io.kairos.customer.PyramidThresholds;
import java.util.Objects;

/**
 * What the personalization operator's broadcast input carries: a catalog change or new value
 * pyramid thresholds. One broadcast input with several broadcast states, because a keyed
 * operator has one broadcast side. A Flink POJO: exactly one field is set.
 */
public class ControlUpdate {
    public CatalogUpdate catalog;
    public PyramidThresholds thresholds;

    public ControlUpdate() {}

    public static ControlUpdate of(CatalogUpdate catalog) {
        ControlUpdate u = new ControlUpdate();
        u.catalog = Objects.requireNonNull(catalog);
        return u;
    }

    public static ControlUpdate of(PyramidThresholds thresholds) {
        ControlUpdate u = new ControlUpdate();
        u.thresholds = Objects.requireNonNull(thresholds);
        return u;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ControlUpdate
                && Objects.equals(catalog, ((ControlUpdate) o).catalog)
                && Objects.equals(thresholds, ((ControlUpdate) o).thresholds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalog, thresholds);
    }

    @Override
    public String toString() {
        return catalog != null ? "control{" + catalog + "}" : "control{" + thresholds + "}";
    }
}
