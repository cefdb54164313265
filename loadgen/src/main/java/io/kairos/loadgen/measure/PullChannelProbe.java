package io.kairos.loadgen.measure;

import io.kairos.channel.ContractKeys;
import io.kairos.events.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Finds the messages of the pull channels (WEB, APP, CALL_CENTER), which have no stream entry, the
 * way a reporting tool may: it sweeps the message bodies ({@code kairos:msg:*}, contract 3.1)
 * with {@code SCAN}, reads each body it has not seen before with one pipelined {@code HMGET}, and
 * hands it to the {@link LatencyMatcher} with its {@code landedAt} (Redis's clock when the write
 * script stored it) as the landing time. So how often it sweeps changes nothing in what it
 * measures, only how soon: the last sweep at {@link #close} finds what is left.
 *
 * <p>Gentle on Redis: {@code SCAN} is incremental (1000 keys a call, never blocking the server);
 * after each sweep the probe pauses at least {@code 4 x} the sweep's duration (at least 1 s), so
 * it scans at most a fifth of the time; a body is read once (the probe keeps a 64-bit hash of
 * every key it has read). Push-channel bodies and bodies that landed before the probe started
 * are passed over (the {@link LatencyProbe} measures push messages from their stream entries).
 * On a Redis Cluster every node is swept.
 */
public final class PullChannelProbe extends RedisProbe {
    private static final String PATTERN = "kairos:msg:*";
    private static final int SCAN_COUNT = 1000;
    private static final long MIN_PAUSE_MILLIS = 1000;
    private static final String[] FIELDS = {"trigger", "channel", "causeEventId", "createdAt", "sendAt", "landedAt"};
    private static final Set<String> PUSH =
            ContractKeys.PUSH_CHANNELS.stream().map(Channel::name).collect(Collectors.toSet());

    private final long sinceMillis;
    private final LongSet seen = new LongSet();
    private final Object sweepLock = new Object();
    private volatile long sweeps;
    private volatile long lastSweepMillis;

    /** Measures pull messages that landed at or after {@code sinceMillis} (Redis's clock). */
    public PullChannelProbe(UnifiedJedis redis, LatencyMatcher matcher, PerSecondCounter landed, long sinceMillis) {
        super(redis, matcher, landed, "kairos-pull-probe", "pull-channel latency probe");
        this.sinceMillis = sinceMillis;
    }

    public PullChannelProbe start() {
        startThread();
        return this;
    }

    /** Full sweeps of the keyspace so far, and how long the last one took. */
    public long sweeps() {
        return sweeps;
    }

    public long lastSweepMillis() {
        return lastSweepMillis;
    }

    @Override
    protected void round() throws InterruptedException {
        long started = System.nanoTime();
        sweep();
        long took = (System.nanoTime() - started) / 1_000_000;
        long pause = Math.max(MIN_PAUSE_MILLIS, 4 * took);
        long until = System.currentTimeMillis() + pause;
        while (!stopping && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(100, pause));
        }
    }

    /** One sweep over every message body: measures those it has not seen. Returns how many. */
    int sweep() {
        synchronized (sweepLock) {
            long started = System.nanoTime();
            int found = 0;
            if (redis instanceof RedisClusterClient cluster) {
                ScanIteration it = cluster.scanIteration(SCAN_COUNT, PATTERN);
                while (!it.isIterationCompleted()) {
                    found += readNew(it.nextBatch().getResult());
                }
            } else {
                ScanParams params = new ScanParams().match(PATTERN).count(SCAN_COUNT);
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    ScanResult<String> page = redis.scan(cursor, params);
                    found += readNew(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            }
            sweeps++;
            lastSweepMillis = (System.nanoTime() - started) / 1_000_000;
            received += found;
            return found;
        }
    }

    private int readNew(List<String> keys) {
        List<String> fresh = new ArrayList<>();
        for (String key : keys) {
            if (!seen.contains(LongSet.hash64(key))) {
                fresh.add(key);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        List<Response<List<String>>> replies = new ArrayList<>(fresh.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : fresh) {
                replies.add(pipeline.hmget(key, FIELDS));
            }
            pipeline.sync();
        }
        int measured = 0;
        for (int i = 0; i < fresh.size(); i++) {
            List<String> values = replies.get(i).get();
            if (values == null || values.get(5) == null) {
                // expired meanwhile, or written before contract 3.1 (no landedAt): never measured
                seen.add(LongSet.hash64(fresh.get(i)));
                continue;
            }
            seen.add(LongSet.hash64(fresh.get(i)));
            Map<String, String> body = new HashMap<>();
            for (int f = 0; f < FIELDS.length; f++) {
                if (values.get(f) != null) {
                    body.put(FIELDS[f], values.get(f));
                }
            }
            long landedAt;
            try {
                landedAt = Long.parseLong(body.get("landedAt"));
            } catch (NumberFormatException e) {
                continue;
            }
            if (landedAt < sinceMillis || PUSH.contains(body.get("channel"))) {
                continue;
            }
            landed.add(landedAt);
            matcher.accept(body, landedAt);
            measured++;
        }
        return measured;
    }

    /** Stops sweeping and sweeps once more, so every pull message that landed is measured. */
    @Override
    public void close() throws InterruptedException {
        stopThread(30_000);
        if (failure() == null) {
            sweep();
        }
    }

    /** An open-addressing set of 64-bit key hashes: 16 bytes a key at most. */
    static final class LongSet {
        private long[] slots = new long[1 << 12];
        private int size;
        private boolean hasZero;

        /** FNV-1a over the key's chars: collisions are negligible for millions of keys. */
        static long hash64(String key) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < key.length(); i++) {
                h ^= key.charAt(i);
                h *= 0x100000001b3L;
            }
            return h;
        }

        boolean contains(long v) {
            if (v == 0) {
                return hasZero;
            }
            int mask = slots.length - 1;
            for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == 0) {
                    return false;
                }
                if (slots[i] == v) {
                    return true;
                }
            }
        }

        void add(long v) {
            if (v == 0) {
                hasZero = true;
                return;
            }
            if (2 * (size + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                size = 0;
                for (long o : old) {
                    if (o != 0) {
                        insert(o);
                    }
                }
            }
            insert(v);
        }

        private void insert(long v) {
            int mask = slots.length - 1;
            for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == 0) {
                    slots[i] = v;
                    size++;
                    return;
                }
                if (slots[i] == v) {
                    return;
                }
            }
        }

        private static int mix(long v) {
            long h = v * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        int size() {
            return size + (hasZero ? 1 : 0);
        }
    }
}
