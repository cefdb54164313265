package io.kairos.decide;

import io.kairos.catalog.CatalogSnapshot;
import io.kairos.catalog.CatalogUpdate;
import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.PyramidThresholds;
import io.kairos.customer.ThresholdHistory;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.learn.Associations;
import io.kairos.learn.ResponseRates;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The population-level inputs of every decision, broadcast to each subtask: the offer catalog
 * and its version, the value pyramid's thresholds, learned response rates and co-purchases.
 * Decisions use them as currently known and never wait for them. Derived views (the catalog's
 * index, the threshold history) are rebuilt only when their input changed.
 */
final class ControlState {
    /** Value pyramid thresholds by the event time they are valid from. */
    static final MapStateDescriptor<Long, PyramidThresholds> THRESHOLDS =
            new MapStateDescriptor<>("pyramid-thresholds", Types.LONG, TypeInformation.of(PyramidThresholds.class));

    /** Every broadcast state of the control input, in the order the pipeline declares them. */
    static final List<MapStateDescriptor<?, ?>> DESCRIPTORS =
            List.of(OfferCatalog.DESCRIPTOR, OfferCatalog.VERSION_DESCRIPTOR, THRESHOLDS, ResponseRates.DESCRIPTOR,
                    Associations.DESCRIPTOR);

    /** Thresholds kept: late events look up the ones valid at their time. */
    static final int THRESHOLDS_KEPT = 8;

    private final CatalogSnapshot bootstrap;
    private final OperatorMetrics metrics;
    private OfferCatalog catalog;
    private ThresholdHistory thresholds;

    ControlState(CatalogSnapshot bootstrap, OperatorMetrics metrics) {
        this.bootstrap = bootstrap;
        this.metrics = metrics;
    }

    /** The kinds of broadcast state the keyed side reads: a read-only view of the operator's. */
    interface View {
        <K, V> ReadOnlyBroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor);
    }

    /** The live catalog, or the one read at submission while the live one has not caught up. */
    OfferCatalog catalog(View view) throws Exception {
        if (catalog == null) {
            Long version = view.get(OfferCatalog.VERSION_DESCRIPTOR).get(OfferCatalog.VERSION_KEY);
            long live = version == null ? 0 : version;
            catalog = live >= bootstrap.version()
                    ? OfferCatalog.of(view.get(OfferCatalog.DESCRIPTOR).immutableEntries(), live)
                    : bootstrap.toCatalog();
        }
        return catalog;
    }

    ThresholdHistory thresholds(View view) throws Exception {
        if (thresholds == null) {
            thresholds = ThresholdHistory.of(view.get(THRESHOLDS).immutableEntries());
        }
        return thresholds;
    }

    /** A view that reads broadcast state per lookup, no copy. */
    ResponseRates rates(View view) {
        return ResponseRates.over(view.get(ResponseRates.DESCRIPTOR));
    }

    /** A view that reads broadcast state per lookup, no copy. */
    Associations associations(View view) {
        return Associations.over(view.get(Associations.DESCRIPTOR));
    }

    /** What the broadcast side does with one control record (the same on every subtask). */
    interface Writable {
        <K, V> BroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) throws Exception;
    }

    void apply(ControlUpdate control, Writable state) throws Exception {
        if (control.responseStats != null) {
            ResponseRates.apply(state.get(ResponseRates.DESCRIPTOR), control.responseStats);
            metrics.responseStatsUpdates.inc();
        } else if (control.associations != null) {
            Associations.apply(state.get(Associations.DESCRIPTOR), control.associations);
            metrics.associationUpdates.inc();
        } else if (control.thresholds != null) {
            keepThresholds(state.get(THRESHOLDS), control.thresholds);
            thresholds = null;
            metrics.thresholdUpdates.inc();
        } else if (!control.catalog.isRejected()) { // a rejected entry is a dead letter already
            applyCatalog(control.catalog, state);
            catalog = null;
            metrics.catalogUpdates.inc();
        }
    }

    private static void applyCatalog(CatalogUpdate update, Writable state) throws Exception {
        BroadcastState<String, OfferCatalogEntry> offers = state.get(OfferCatalog.DESCRIPTOR);
        if (update.isWithdrawal()) {
            offers.remove(update.offerId);
        } else {
            offers.put(update.offerId, update.entry);
        }
        BroadcastState<String, Long> version = state.get(OfferCatalog.VERSION_DESCRIPTOR);
        Long current = version.get(OfferCatalog.VERSION_KEY);
        version.put(OfferCatalog.VERSION_KEY, Math.max(current == null ? 0 : current, update.version));
    }

    /**
     * Keeps the newest {@link #THRESHOLDS_KEPT} sets; beyond them the oldest kept stands for all
     * earlier times (see {@link ThresholdHistory#validAt}).
     */
    private static void keepThresholds(BroadcastState<Long, PyramidThresholds> kept, PyramidThresholds next)
            throws Exception {
        kept.put(next.validFrom, next);
        ThresholdHistory history = ThresholdHistory.of(kept.immutableEntries());
        if (history.size() <= THRESHOLDS_KEPT) {
            return;
        }
        List<Long> drop = new ArrayList<>();
        history.beyondNewest(THRESHOLDS_KEPT).forEach(drop::add);
        for (Long validFrom : drop) {
            kept.remove(validFrom);
        }
        Long oldest = ThresholdHistory.of(kept.immutableEntries()).oldestValidFrom();
        if (oldest != null && oldest != Long.MIN_VALUE) {
            kept.put(Long.MIN_VALUE, kept.get(oldest));
            kept.remove(oldest);
        }
    }
}
