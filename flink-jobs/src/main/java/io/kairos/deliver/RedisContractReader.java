package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.RedisEndpoint;
import io.kairos.events.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads Redis through contract v3 ({@link ContractKeys}) only, with whole-keyspace views (SCAN,
 * every stream shard) that suit tests and the demo's summary on one Redis server. Channels use
 * the channel client ({@code io.kairos.channel.OfferReader}, {@code StreamWorker}) instead.
 */
public final class RedisContractReader implements AutoCloseable {
    private final UnifiedJedis client;

    public RedisContractReader(String uri) {
        this(RedisEndpoint.of(uri));
    }

    public RedisContractReader(RedisEndpoint endpoint) {
        this.client = endpoint.open();
    }

    /** A pull channel's view: the customer's current offers, best first, with their bodies. */
    public List<Map<String, String>> currentOffers(String customerId) {
        List<Map<String, String>> offers = new ArrayList<>();
        for (String messageId : client.zrevrange(ContractKeys.offers(customerId), 0, -1)) {
            Map<String, String> body = client.hgetAll(ContractKeys.message(customerId, messageId));
            if (!body.isEmpty()) { // expired between the two reads
                Map<String, String> offer = new LinkedHashMap<>();
                offer.put("messageId", messageId);
                offer.putAll(new TreeMap<>(body));
                offers.add(offer);
            }
        }
        return offers;
    }

    /**
     * The customer's profile as the call center sees it (fields of {@code ProfileSnapshot}; lists
     * as JSON arrays), or an empty map if there is none (never seen, expired, or forgotten).
     */
    public Map<String, String> profile(String customerId) {
        return new TreeMap<>(client.hgetAll(ContractKeys.profile(customerId)));
    }

    /** Whether the customer asked to be forgotten and the retention window still runs. */
    public boolean isForgotten(String customerId) {
        return client.exists(ContractKeys.forgotten(customerId));
    }

    /** The value pyramid's movement matrix of one period (e.g. 2026-11-22): "FROM>TO" -> count. */
    public Map<String, Long> movementMatrix(String period) {
        Map<String, Long> counts = new TreeMap<>();
        client.hgetAll(ContractKeys.movements(period)).forEach((k, v) -> counts.put(k, Long.parseLong(v)));
        return counts;
    }

    /** Stored profiles; scans key names only. */
    public long countProfiles() {
        return countKeys("kairos:profile:*");
    }

    /** Stored profiles counted by the value of one field (e.g. segment, lifecycle); scans. */
    public Map<String, Long> countProfilesBy(String field) {
        Map<String, Long> counts = new TreeMap<>();
        scan("kairos:profile:*", key -> {
            String value = client.hget(key, field);
            if (value != null) { // expired since the scan saw it
                counts.merge(value, 1L, Long::sum);
            }
            return true;
        });
        return counts;
    }

    /** Ids of customers with a profile (at most {@code limit}). */
    public List<String> customersWithProfiles(int limit) {
        return customersWith("profile", limit);
    }

    /**
     * A push channel's view: the oldest {@code count} entries over all its stream shards, oldest
     * first (by entry id, i.e. by the time Redis added them).
     */
    public List<Map<String, String>> streamEntries(Channel channel, int count) {
        List<StreamEntry> all = new ArrayList<>();
        for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
            all.addAll(client.xrange(ContractKeys.stream(shard, channel), "-", "+", count));
        }
        all.sort(Comparator.comparing(StreamEntry::getID, StreamEntryID::compareTo));
        List<Map<String, String>> entries = new ArrayList<>();
        for (StreamEntry e : all.subList(0, Math.min(count, all.size()))) {
            entries.add(new LinkedHashMap<>(e.getFields()));
        }
        return entries;
    }

    /** Entries over all shards of a push channel's stream. */
    public long streamLength(Channel channel) {
        long length = 0;
        for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
            length += client.xlen(ContractKeys.stream(shard, channel));
        }
        return length;
    }

    /** The customer id of a customer key, {@code kairos:<kind>:{sNN}:<customerId>}. */
    static String customerOf(String key) {
        return key.substring(key.indexOf("}:") + 2);
    }

    /** Stored (unexpired) message bodies; scans key names only, so cheap enough for progress. */
    public long countMessages() {
        return countKeys("kairos:msg:*");
    }

    /** Keys matching {@code pattern}; scans key names only. */
    private long countKeys(String pattern) {
        long[] count = {0};
        scan(pattern, key -> {
            count[0]++;
            return true;
        });
        return count[0];
    }

    /** Stored message bodies counted by "TRIGGER/CHANNEL"; scans, so for demos and tests. */
    public Map<String, Long> countMessagesByTriggerAndChannel() {
        Map<String, Long> counts = new TreeMap<>();
        scan("kairos:msg:*", key -> {
            List<String> fields = client.hmget(key, "trigger", "channel");
            if (fields.get(0) != null) { // expired since the scan saw it
                counts.merge(fields.get(0) + "/" + fields.get(1), 1L, Long::sum);
            }
            return true;
        });
        return counts;
    }

    /** Ids of customers that have at least one offer (at most {@code limit}). */
    public List<String> customersWithOffers(int limit) {
        return customersWith("offers", limit);
    }

    /** Ids of customers with a {@code kairos:<kind>:{sNN}:<customerId>} key (at most {@code limit}); scans. */
    private List<String> customersWith(String kind, int limit) {
        List<String> customers = new ArrayList<>();
        scan("kairos:" + kind + ":{*}:*", key -> {
            customers.add(customerOf(key));
            return customers.size() < limit;
        });
        return customers;
    }

    /** SCANs keys matching the pattern until done or the visitor returns false. */
    private void scan(String pattern, Predicate<String> visitor) {
        ScanParams params = new ScanParams().match(pattern).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = client.scan(cursor, params);
            for (String key : page.getResult()) {
                if (!visitor.test(key)) {
                    return;
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /** The contract version the writer stamped, or null if nothing was written yet. */
    public String contractVersion() {
        return client.get(ContractKeys.CONTRACT_VERSION_KEY);
    }

    @Override
    public void close() {
        client.close();
    }
}
