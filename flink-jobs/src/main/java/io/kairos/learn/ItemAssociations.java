package io.kairos.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The products most often bought with {@code productId} lately, best first, with their strengths
 * (decayed co-purchase counts as of {@code asOf}, see {@link ItemAssociationsFunction}). An empty
 * list withdraws what was published before. A Flink POJO, broadcast to the decision operator
 * through {@link Associations}.
 */
public class ItemAssociations {
    public String productId;
    public List<String> coProducts = new ArrayList<>();
    public List<Double> strengths = new ArrayList<>();
    public long asOf;

    public ItemAssociations() {}

    public ItemAssociations(String productId, List<String> coProducts, List<Double> strengths, long asOf) {
        this.productId = productId;
        this.coProducts = new ArrayList<>(coProducts);
        this.strengths = new ArrayList<>(strengths);
        this.asOf = asOf;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ItemAssociations)) {
            return false;
        }
        ItemAssociations a = (ItemAssociations) o;
        return Objects.equals(productId, a.productId) && Objects.equals(coProducts, a.coProducts)
                && Objects.equals(strengths, a.strengths) && asOf == a.asOf;
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, coProducts, strengths, asOf);
    }

    @Override
    public String toString() {
        return productId + "->" + coProducts + " " + strengths + " asOf=" + asOf;
    }
}
