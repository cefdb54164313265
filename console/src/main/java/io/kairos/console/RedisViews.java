package io.kairos.console;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.OfferReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the console reads from Redis, with the contract's key names and read commands only (the
 * console's ACL user, {@code RedisAcl.CONSOLE_RULES}: a channel's reads plus SCAN): a customer's
 * screen-pop through the channel client, the movement matrix of a range of days, and the census
 * of profiles behind the pyramid and the churn watch.
 *
 * <p>The census sweeps every profile key (SCAN, then HGETALL pipelined 500 at a time), so it is
 * cached for {@code censusMaxAgeMillis} and taken by one request at a time; others get the last one.
 */
public final class RedisViews {
    private static final int BATCH = 500;
    /** The churn watch shows at most this many customers at risk, the most valuable. */
    public static final int AT_RISK_KEPT = 100;

    private final UnifiedJedis redis;
    private final OfferReader offers;
    private final long censusMaxAgeMillis;
    private final AtomicReference<ProfileCensus> census = new AtomicReference<>(ProfileCensus.empty());
    private final ReentrantLock sweeping = new ReentrantLock();

    public RedisViews(UnifiedJedis redis, long censusMaxAgeMillis) {
        this.redis = redis;
        this.offers = new OfferReader(redis);
        this.censusMaxAgeMillis = censusMaxAgeMillis;
    }

    /** The profile and current offers (best first, as a channel shows them), in one round trip. */
    public OfferReader.ScreenPop screenPop(String customerId, int limit) {
        return offers.screenPop(customerId, limit);
    }

    /** The profile alone; empty if none. */
    public Map<String, String> profile(String customerId) {
        return offers.profile(customerId);
    }

    /** The movement cells of every day in the range, summed. */
    public MovementMatrix movements(DayRange range) {
        MovementMatrix matrix = new MovementMatrix();
        for (LocalDate day : range.days()) {
            matrix.addDay(redis.hgetAll(ContractKeys.movements(day.toString())));
        }
        return matrix;
    }

    /**
     * The latest census, swept again if older than the maximum age. Only one sweep runs at a
     * time; a request that finds one running gets the previous census rather than waiting.
     */
    public ProfileCensus census() {
        ProfileCensus last = census.get();
        if (System.currentTimeMillis() - last.takenAt() <= censusMaxAgeMillis) {
            return last;
        }
        if (!sweeping.tryLock()) {
            return last.takenAt() == 0 ? awaitSweep() : last;
        }
        try {
            ProfileCensus fresh = sweep();
            census.set(fresh);
            return fresh;
        } finally {
            sweeping.unlock();
        }
    }

    private ProfileCensus awaitSweep() {
        sweeping.lock(); // the very first census: nothing to show until it is done
        sweeping.unlock();
        return census.get();
    }

    private ProfileCensus sweep() {
        long start = System.currentTimeMillis();
        ProfileCensus.Builder builder = new ProfileCensus.Builder(AT_RISK_KEPT);
        if (redis instanceof RedisClusterClient) {
            // On a cluster SCAN goes to the node of the pattern's hash tag: one sweep per shard.
            for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
                sweep("kairos:profile:" + ContractKeys.shardTag(shard) + ":*", builder);
            }
        } else {
            sweep("kairos:profile:*", builder);
        }
        long end = System.currentTimeMillis();
        return builder.build(end, end - start);
    }

    private void sweep(String pattern, ProfileCensus.Builder builder) {
        ScanParams params = new ScanParams().match(pattern).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        List<String> keys = new ArrayList<>();
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            keys.addAll(page.getResult());
            if (keys.size() >= BATCH) {
                read(keys, builder);
                keys.clear();
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        read(keys, builder);
    }

    private void read(List<String> keys, ProfileCensus.Builder builder) {
        if (keys.isEmpty()) {
            return;
        }
        List<Response<Map<String, String>>> replies = new ArrayList<>(keys.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : keys) {
                replies.add(pipeline.hgetAll(key));
            }
            pipeline.sync();
        }
        for (int i = 0; i < keys.size(); i++) {
            builder.add(customerOf(keys.get(i)), replies.get(i).get());
        }
    }

    /** {@code kairos:profile:{s07}:c-1} -> {@code c-1} (an id may itself contain colons). */
    static String customerOf(String profileKey) {
        int tagEnd = profileKey.indexOf("}:");
        return tagEnd < 0 ? profileKey : profileKey.substring(tagEnd + 2);
    }
}
