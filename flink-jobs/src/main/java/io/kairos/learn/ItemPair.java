package io.kairos.learn;

import java.util.Objects;

/**
 * One customer bought {@code coProductId} with or shortly before or after {@code productId}, at
 * {@code eventTime} (the later purchase's). A Flink POJO, keyed by {@code productId}.
 */
public class ItemPair {
    public String productId;
    public String coProductId;
    public long eventTime;

    public ItemPair() {}

    public ItemPair(String productId, String coProductId, long eventTime) {
        this.productId = productId;
        this.coProductId = coProductId;
        this.eventTime = eventTime;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ItemPair)) {
            return false;
        }
        ItemPair p = (ItemPair) o;
        return Objects.equals(productId, p.productId) && Objects.equals(coProductId, p.coProductId)
                && eventTime == p.eventTime;
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, coProductId, eventTime);
    }

    @Override
    public String toString() {
        return productId + "->" + coProductId + "@" + eventTime;
    }
}
