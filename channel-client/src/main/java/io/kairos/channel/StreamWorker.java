package io.kairos.channel;

import io.kairos.events.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingSummary;

/**
 * The push side of the contract (email, SMS, push senders): one worker of a consumer group
 * reading a channel's stream, which has {@link ContractKeys#SHARDS} shards. Each entry is handed
 * to one worker of the group; the worker acknowledges it once sent ({@link #ack}); entries a dead
 * worker took and never acknowledged are taken over by a live one after they sat idle for a while
 * ({@link #reclaim}). Every call is one pipelined round trip over all shards (on a Redis Cluster,
 * one per node). Not thread-safe: one per worker thread.
 *
 * <p>An entry is handed over only while its message body ({@code messageKey}) still exists: a
 * message withdrawn after its entry was written (the customer revoked the channel's consent),
 * a forgotten customer's, or an expired one has no body, and such entries are acknowledged and
 * skipped ({@link #skipped}) in one more pipelined round trip. That costs one {@code EXISTS} per
 * entry, pipelined with the others.
 */
public final class StreamWorker {
    private final UnifiedJedis redis;
    private final Channel channel;
    private final String group;
    private final String consumer;
    private final List<String> streams = new ArrayList<>();
    private long skipped;

    public StreamWorker(UnifiedJedis redis, Channel channel, String group, String consumer) {
        if (!ContractKeys.isPushChannel(channel)) {
            throw new IllegalArgumentException(channel + " is a pull channel: it has no stream");
        }
        this.redis = redis;
        this.channel = channel;
        this.group = group;
        this.consumer = consumer;
        for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
            streams.add(ContractKeys.stream(shard, channel));
        }
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Creates the group on every shard (and the shard if it does not exist yet); a group that
     * exists stays as it is. A new group reads from the start of each shard if {@code fromStart},
     * else only what comes after now.
     */
    public void createGroup(boolean fromStart) {
        StreamEntryID from = fromStart ? new StreamEntryID(0, 0) : StreamEntryID.XGROUP_LAST_ENTRY;
        List<Response<String>> replies = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String stream : streams) {
                replies.add(pipeline.xgroupCreate(stream, group, from, true));
            }
            pipeline.sync();
        }
        for (Response<String> reply : replies) {
            try {
                reply.get();
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    /**
     * New entries for this worker: at most {@code countPerShard} read from each shard, less
     * those whose body is gone (acknowledged and skipped).
     */
    public List<Delivery> poll(int countPerShard) {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(countPerShard);
        List<Response<Map<String, List<StreamEntry>>>> replies = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String stream : streams) {
                replies.add(pipeline.xreadGroupAsMap(
                        group, consumer, params,
                        Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY)));
            }
            pipeline.sync();
        }
        List<Delivery> out = new ArrayList<>();
        for (Response<Map<String, List<StreamEntry>>> reply : replies) {
            Map<String, List<StreamEntry>> byStream = reply.get();
            if (byStream == null) {
                continue;
            }
            byStream.forEach((stream, entries) -> {
                for (StreamEntry e : entries) {
                    out.add(new Delivery(stream, e.getID(), e.getFields()));
                }
            });
        }
        return deliverable(out);
    }

    /**
     * The entries whose message body still exists; the others (withdrawn, forgotten, expired)
     * are acknowledged, so the group does not hand them out again, and counted as skipped.
     */
    private List<Delivery> deliverable(List<Delivery> read) {
        if (read.isEmpty()) {
            return read;
        }
        List<Response<Boolean>> exists = new ArrayList<>(read.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (Delivery d : read) {
                String body = d.fields().get("messageKey");
                exists.add(body == null ? null : pipeline.exists(body));
            }
            pipeline.sync();
        }
        List<Delivery> deliverable = new ArrayList<>(read.size());
        List<Delivery> gone = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            Response<Boolean> reply = exists.get(i);
            if (reply == null || reply.get()) {
                deliverable.add(read.get(i));
            } else {
                gone.add(read.get(i));
            }
        }
        if (!gone.isEmpty()) {
            ack(gone);
            skipped += gone.size();
        }
        return deliverable;
    }

    /**
     * Entries read and acknowledged without being handed over, because their message body was
     * gone: withdrawn (consent revoked), the customer forgotten, or expired.
     */
    public long skipped() {
        return skipped;
    }

    /**
     * Takes over entries that another worker of the group read but has not acknowledged for
     * {@code minIdle} (it died, or hangs): at most {@code countPerShard} per shard. They are then
     * this worker's to send and acknowledge. Entries trimmed from the stream meanwhile are gone.
     */
    public List<Delivery> reclaim(Duration minIdle, int countPerShard) {
        XAutoClaimParams params = XAutoClaimParams.xAutoClaimParams().count(countPerShard);
        Map<String, Response<Map.Entry<StreamEntryID, List<StreamEntry>>>> replies =
                new LinkedHashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String stream : streams) {
                replies.put(stream, pipeline.xautoclaim(
                        stream, group, consumer, minIdle.toMillis(), new StreamEntryID(0, 0), params));
            }
            pipeline.sync();
        }
        List<Delivery> out = new ArrayList<>();
        replies.forEach((stream, reply) -> {
            for (StreamEntry e : reply.get().getValue()) {
                if (e != null && e.getFields() != null) { // null: deleted while pending
                    out.add(new Delivery(stream, e.getID(), e.getFields()));
                }
            }
        });
        return deliverable(out);
    }

    /** Acknowledges deliveries: the group will not hand them out again. Returns how many were. */
    public long ack(Collection<Delivery> deliveries) {
        Map<String, List<StreamEntryID>> byStream = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            byStream.computeIfAbsent(d.stream(), s -> new ArrayList<>()).add(d.entryId());
        }
        List<Response<Long>> replies = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            byStream.forEach((stream, ids) ->
                    replies.add(pipeline.xack(stream, group, ids.toArray(new StreamEntryID[0]))));
            pipeline.sync();
        }
        return replies.stream().mapToLong(Response::get).sum();
    }

    /** Entries handed out to the group's workers and not acknowledged yet, over all shards. */
    public long pending() {
        List<Response<StreamPendingSummary>> replies = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String stream : streams) {
                replies.add(pipeline.xpending(stream, group));
            }
            pipeline.sync();
        }
        return replies.stream().mapToLong(r -> r.get().getTotal()).sum();
    }
}
