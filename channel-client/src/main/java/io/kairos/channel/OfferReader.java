package io.kairos.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The pull side of the contract (web, app, call center): a customer's best current offers with
 * their bodies, and the profile for the screen-pop, in one round trip each (a read-only Lua
 * script over the customer's shard, so it works on a Redis Cluster too). Expired offers are never
 * returned. Thread-safe if the client is (Jedis' pooled clients are).
 */
public final class OfferReader {
    private static final String TOP_OFFERS = load("top_offers.lua");

    private final UnifiedJedis redis;
    private final String sha;

    public OfferReader(UnifiedJedis redis) {
        this.redis = redis;
        this.sha = Sha1.hex(TOP_OFFERS);
    }

    /** The customer's best {@code limit} current offers, best first. */
    public List<Offer> topOffers(String customerId, int limit) {
        return read(customerId, limit, false, System.currentTimeMillis()).offers();
    }

    /** The call center's screen-pop: the profile and the best {@code limit} offers, together. */
    public ScreenPop screenPop(String customerId, int limit) {
        return read(customerId, limit, true, System.currentTimeMillis());
    }

    /** As of {@code nowMillis}: offers expiring at or before it are left out. */
    @SuppressWarnings("unchecked")
    public ScreenPop read(String customerId, int limit, boolean withProfile, long nowMillis) {
        List<String> keys = withProfile
                ? List.of(ContractKeys.offers(customerId), ContractKeys.profile(customerId))
                : List.of(ContractKeys.offers(customerId));
        List<String> args = List.of(
                Long.toString(nowMillis), Integer.toString(limit),
                ContractKeys.messagePrefix(customerId));
        Object reply;
        try {
            reply = redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            // First use on this node, or Redis restarted: load it where the key lives, once.
            redis.scriptLoad(TOP_OFFERS, keys.get(0));
            reply = redis.evalsha(sha, keys, args);
        }
        List<Object> items = (List<Object>) reply;
        Map<String, String> profile = pairs((List<Object>) items.get(0));
        List<Offer> offers = new ArrayList<>();
        for (int i = 1; i + 1 < items.size(); i += 2) {
            offers.add(new Offer(text(items.get(i)), pairs((List<Object>) items.get(i + 1))));
        }
        return new ScreenPop(customerId, new TreeMap<>(profile), offers);
    }

    /** The customer's profile alone (empty if none: never seen, expired, or forgotten). */
    public Map<String, String> profile(String customerId) {
        return new TreeMap<>(redis.hgetAll(ContractKeys.profile(customerId)));
    }

    private static Map<String, String> pairs(List<Object> flat) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(text(flat.get(i)), text(flat.get(i + 1)));
        }
        return map;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    static String load(String name) {
        try (InputStream in = OfferReader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/kairos/channel/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A customer's profile and best offers, as read in one round trip. */
    public record ScreenPop(String customerId, Map<String, String> profile, List<Offer> offers) {}
}
