package io.kairos.loadgen.accuracy;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.events.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The messages channels see in Redis, read through the channel contract (docs/REDIS-CONTRACT.md):
 * every entry of the push channels' stream shards (EMAIL, SMS, PUSH; read with XRANGE, so no
 * consumer group is disturbed), and every customer's current offers with their bodies through the
 * channel client's {@link OfferReader} (which adds the pull-only WEB and APP messages). Each
 * message once, by id.
 *
 * <p>What Redis no longer holds is not seen: offers expire {@code kairos.message.ttl} after their
 * moment and a customer keeps at most {@code kairos.redis.max-offers-per-customer}; stream
 * entries are trimmed at {@code kairos.redis.stream-max-length}. To score a replayed history,
 * run the job with a message TTL longer than the history and a generous offer limit.
 */
public final class DeliveredMessages {
    private static final int PAGE = 1000;

    private DeliveredMessages() {}

    public static List<Observed.Message> read(UnifiedJedis redis, Collection<String> customers, int offersPerCustomer) {
        Map<String, Observed.Message> byId = new LinkedHashMap<>();
        for (Channel channel : ContractKeys.PUSH_CHANNELS) {
            for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
                String key = ContractKeys.stream(shard, channel);
                String from = "-";
                while (true) {
                    List<StreamEntry> page = redis.xrange(key, from, "+", PAGE);
                    for (StreamEntry e : page) {
                        Map<String, String> f = e.getFields();
                        Observed.Message m = message(f.get("customerId"), f.get("messageId"), f);
                        if (m != null) {
                            byId.putIfAbsent(m.messageId(), m);
                        }
                    }
                    if (page.size() < PAGE) {
                        break;
                    }
                    from = "(" + page.get(page.size() - 1).getID();
                }
            }
        }
        OfferReader offers = new OfferReader(redis);
        long now = System.currentTimeMillis();
        for (String customer : customers) {
            for (Offer o : offers.read(customer, offersPerCustomer, false, now).offers()) {
                Observed.Message m = message(customer, o.messageId(), o.fields());
                if (m != null) {
                    byId.putIfAbsent(m.messageId(), m);
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** A message from a body's fields; null if it lacks what the report needs. */
    static Observed.Message message(String customer, String messageId, Map<String, String> f) {
        String created = f.get("createdAt");
        String channel = f.get("channel");
        if (customer == null || messageId == null || created == null || f.get("trigger") == null) {
            return null;
        }
        Channel ch = null;
        try {
            ch = channel == null ? null : Channel.valueOf(channel);
        } catch (IllegalArgumentException unknown) {
            // a channel this reader does not know: counted as a message without consent
        }
        return new Observed.Message(customer, messageId, f.get("trigger"), ch, f.get("offerId"),
                Long.parseLong(created), f.get("causeEventId"), f.get("var.basis"));
    }
}
