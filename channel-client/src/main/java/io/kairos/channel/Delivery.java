package io.kairos.channel;

import io.kairos.events.Channel;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/**
 * One stream entry handed to a worker: which shard stream it is on, its entry id (for XACK), and
 * its fields: messageId, customerId, messageKey (the body's key), and the body's fields (with
 * landedAt, Redis's clock when the entry was written; contract 3.1).
 */
public record Delivery(String stream, StreamEntryID entryId, Map<String, String> fields) {
    public Delivery {
        fields = Map.copyOf(fields);
    }

    public String messageId() {
        return fields.get("messageId");
    }

    public String customerId() {
        return fields.get("customerId");
    }

    public String offerId() {
        return fields.get("offerId");
    }

    public Channel channel() {
        return Channel.valueOf(fields.get("channel"));
    }

    public String title() {
        return fields.get("title");
    }

    /** When Redis wrote the entry (epoch ms, Redis's clock): landedAt, else the entry id's time. */
    public long landedAt() {
        String stamped = fields.get("landedAt");
        return stamped != null ? Long.parseLong(stamped) : entryId.getTime();
    }
}
