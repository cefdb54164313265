package io.kairos.policy;

import io.kairos.events.Trigger;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The control group: a deterministic share of customers per trigger gets no message for that
 * trigger, so that the lift of each kind of message can be measured against them.
 *
 * <p>A customer is held out of a trigger iff {@code u(customerId, trigger) < share(trigger)}, where
 * {@code u} maps the MD5 of the UTF-8 bytes of {@code customerId + "|" + trigger name} (as {@link
 * UUID#nameUUIDFromBytes} computes it; its top 48 bits, which carry no version bits) to [0, 1). So
 * the answer is the same on every JVM, every restart and every rescale, membership is independent
 * across triggers, and raising a share only adds customers to the group.
 */
public final class Holdout implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final double MAX_SHARE = 0.5;

    private final EnumMap<Trigger, Double> shareByTrigger = new EnumMap<>(Trigger.class);
    private final double defaultShare;

    /**
     * @param shareByTrigger the share held out per trigger; triggers not listed get {@code
     *     defaultShare}. Each in [0, 0.5].
     */
    public Holdout(Map<Trigger, Double> shareByTrigger, double defaultShare) {
        this.defaultShare = validShare(defaultShare, "default holdout share");
        for (Map.Entry<Trigger, Double> e : shareByTrigger.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "holdout share per trigger must name a trigger and a share: " + e);
            }
            this.shareByTrigger.put(
                    e.getKey(), validShare(e.getValue(), "holdout share of " + e.getKey()));
        }
    }

    /** No control group. */
    public static Holdout none() {
        return new Holdout(Map.of(), 0.0);
    }

    private static double validShare(double share, String setting) {
        if (!(share >= 0 && share <= MAX_SHARE)) {
            throw new IllegalArgumentException(
                    setting + " must be between 0 and " + MAX_SHARE + ": " + share);
        }
        return share;
    }

    public double share(Trigger trigger) {
        return shareByTrigger.getOrDefault(trigger, defaultShare);
    }

    public boolean isHeldOut(String customerId, Trigger trigger) {
        double share = share(trigger);
        return share > 0 && unit(customerId, trigger) < share;
    }

    /** A stable pseudo-random number in [0, 1) for the pair. */
    static double unit(String customerId, Trigger trigger) {
        byte[] key = (customerId + "|" + trigger.name()).getBytes(StandardCharsets.UTF_8);
        long msb = UUID.nameUUIDFromBytes(key).getMostSignificantBits();
        return (msb >>> 16) * 0x1.0p-48;
    }
}
