package io.kairos.channel;

import io.kairos.events.Channel;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/**
 * One stream entry handed to a worker: which shard stream it is on, its entry id (for XACK), and
 * its fields: messageId, customerId, messageKey (the body's key), and the body's fields.
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
}
