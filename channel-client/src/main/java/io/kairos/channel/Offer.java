package io.kairos.channel;

import java.util.Map;

/**
 * One current offer of a customer as a pull channel gets it: the message id and the body's
 * fields (offerId, trigger, channel, title, productId, score, reason, causeEventId, createdAt,
 * expiresAt, sendAt, catalogVersion, transactional, landedAt, {@code var.*} template variables).
 */
public record Offer(String messageId, Map<String, String> fields) {
    public Offer {
        fields = Map.copyOf(fields);
    }

    public String offerId() {
        return fields.get("offerId");
    }

    public String channel() {
        return fields.get("channel");
    }

    public String title() {
        return fields.get("title");
    }

    public double score() {
        return Double.parseDouble(fields.getOrDefault("score", "0"));
    }

    public long expiresAt() {
        return Long.parseLong(fields.getOrDefault("expiresAt", "0"));
    }

    /**
     * When Redis stored the message (epoch ms, Redis's own clock; contract 3.1), or -1 for a
     * message written before 3.1.
     */
    public long landedAt() {
        return Long.parseLong(fields.getOrDefault("landedAt", "-1"));
    }
}
