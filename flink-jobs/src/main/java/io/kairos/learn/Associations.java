package io.kairos.learn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What the decision operator knows about co-purchases: the latest {@link ItemAssociations} per
 * product from {@link ItemAssociationsFunction}, kept in broadcast state by product id.
 */
public final class Associations {
    public static final MapStateDescriptor<String, ItemAssociations> DESCRIPTOR =
            new MapStateDescriptor<>("item-associations", Types.STRING, TypeInformation.of(ItemAssociations.class));

    private final Function<String, ItemAssociations> byProduct;

    private Associations(Function<String, ItemAssociations> byProduct) {
        this.byProduct = byProduct;
    }

    /** A snapshot of the entries, e.g. {@code ctx.getBroadcastState(DESCRIPTOR).immutableEntries()}. */
    public static Associations of(Iterable<Map.Entry<String, ItemAssociations>> entries) {
        Map<String, ItemAssociations> copy = new HashMap<>();
        entries.forEach(e -> copy.put(e.getKey(), e.getValue()));
        return new Associations(copy::get);
    }

    /** A view that reads the broadcast state per lookup instead of copying it. */
    public static Associations over(ReadOnlyBroadcastState<String, ItemAssociations> state) {
        return new Associations(key -> {
            try {
                return state.get(key);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read broadcast state " + DESCRIPTOR.getName(), e);
            }
        });
    }

    /**
     * Applies a publication to the broadcast state: an empty list withdraws the product's entry,
     * so the state holds only products with associations.
     */
    public static void apply(BroadcastState<String, ItemAssociations> state, ItemAssociations update) throws Exception {
        if (update.coProducts == null || update.coProducts.isEmpty()) {
            state.remove(update.productId);
        } else {
            state.put(update.productId, update);
        }
    }

    /** The products bought with this one lately, best first; empty if none are known. */
    public List<String> coPurchased(String productId) {
        ItemAssociations a = byProduct.apply(productId);
        return a == null || a.coProducts == null ? List.of() : List.copyOf(a.coProducts);
    }
}
