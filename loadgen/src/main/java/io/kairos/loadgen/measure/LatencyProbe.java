package io.kairos.loadgen.measure;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.Delivery;
import io.kairos.channel.StreamWorker;
import io.kairos.events.Channel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads what lands in Redis the way a push channel does (docs/REDIS-CONTRACT.md): a consumer
 * group over every shard of the EMAIL, SMS and PUSH streams, through channel-client's
 * {@link StreamWorker}, and hands each message to the {@link LatencyMatcher}.
 *
 * <p>The landing time of a message is its {@code landedAt} (contract 3.1: Redis's clock when the
 * write script stored it; the stream entry id's milliseconds for an entry written before 3.1),
 * so the probe's own polling delay does not count, and it does not matter how far behind the
 * probe is. Messages for pull-only channels (WEB, APP, CALL_CENTER) have no stream entry: the
 * {@link PullChannelProbe} finds those.
 *
 * <p>Runs on its own thread; the group is created at {@link #start} from the end of each shard
 * (only new messages) and destroyed at {@link #close}, after a last drain.
 */
public final class LatencyProbe extends RedisProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);
    public static final String DEFAULT_GROUP = "kairos-latency-probe";
    private static final int COUNT_PER_SHARD = 200;
    private static final long IDLE_POLL_MILLIS = 100;

    private final String group;
    private final List<StreamWorker> workers = new ArrayList<>();

    public LatencyProbe(UnifiedJedis redis, LatencyMatcher matcher, PerSecondCounter landed, String group) {
        super(redis, matcher, landed, "kairos-latency-probe", "latency probe");
        this.group = group;
        for (Channel channel : ContractKeys.PUSH_CHANNELS) {
            workers.add(new StreamWorker(redis, channel, group, "probe-1"));
        }
    }

    public LatencyProbe start() {
        for (StreamWorker worker : workers) {
            worker.createGroup(false);
        }
        startThread();
        return this;
    }

    /** Entries acknowledged without being measured because their message body was gone. */
    public long skipped() {
        return workers.stream().mapToLong(StreamWorker::skipped).sum();
    }

    @Override
    protected void round() throws InterruptedException {
        if (pollOnce() == 0) {
            // The landing time is in each entry, so polling less often changes no
            // latency; idle, it spares Redis 64 reads per channel every few ms.
            Thread.sleep(IDLE_POLL_MILLIS);
        }
    }

    private int pollOnce() {
        int n = 0;
        for (StreamWorker worker : workers) {
            List<Delivery> deliveries = worker.poll(COUNT_PER_SHARD);
            for (Delivery d : deliveries) {
                long landedAt = landedAt(d);
                landed.add(landedAt);
                matcher.accept(d.fields(), landedAt);
            }
            if (!deliveries.isEmpty()) {
                worker.ack(deliveries);
                n += deliveries.size();
            }
        }
        received += n;
        return n;
    }

    static long landedAt(Delivery d) {
        try {
            return d.landedAt();
        } catch (NumberFormatException e) {
            return d.entryId().getTime();
        }
    }

    /** Stops polling, reads what is left, and removes the group from every shard. */
    @Override
    public void close() throws InterruptedException {
        stopThread(10_000);
        if (failure() == null) {
            while (pollOnce() > 0) {
                // drain
            }
        }
        for (Channel channel : ContractKeys.PUSH_CHANNELS) {
            for (int shard = 0; shard < ContractKeys.SHARDS; shard++) {
                try {
                    redis.xgroupDestroy(ContractKeys.stream(shard, channel), group);
                } catch (RuntimeException e) {
                    LOG.debug("could not destroy group {} on shard {}: {}", group, shard, e.toString());
                }
            }
        }
    }
}
