package io.kairos.deliver;

import java.util.Objects;

/**
 * A customer asked to be forgotten: Redis drops every key of theirs and keeps a tombstone until
 * {@code retentionUntil}, so that a message or profile still in flight cannot bring data back.
 */
public class CustomerForget {
    public String customerId;

    /** Event time of the forget-me request (epoch ms). */
    public long forgottenAt;

    /** Until when later writes for this customer are refused (epoch ms). */
    public long retentionUntil;

    public CustomerForget() {}

    public CustomerForget(String customerId, long forgottenAt, long retentionUntil) {
        this.customerId = customerId;
        this.forgottenAt = forgottenAt;
        this.retentionUntil = retentionUntil;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CustomerForget)) {
            return false;
        }
        CustomerForget f = (CustomerForget) o;
        return forgottenAt == f.forgottenAt && retentionUntil == f.retentionUntil
                && Objects.equals(customerId, f.customerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, forgottenAt, retentionUntil);
    }

    @Override
    public String toString() {
        return "forget " + customerId + " at " + forgottenAt + " until " + retentionUntil;
    }
}
