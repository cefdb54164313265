package io.kairos.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of {@code n} primaries (no replicas), each a {@link RedisServer} process
 * with {@code --cluster-enabled yes} on a free loopback port. It is set up the way {@code
 * redis-cli --cluster create} would, with plain commands and no redis-cli: every node gets an
 * equal range of the 16384 slots (CLUSTER ADDSLOTS), the first node meets the others (CLUSTER
 * MEET), and start-up waits until every node reports {@code cluster_state:ok}. Works with the
 * redis-server 6.2 that the embedded-redis package ships (CLUSTER ADDSLOTSRANGE needs 7.0).
 */
public final class RedisCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    public static final int SLOTS = 16384;

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code primaries} nodes, assigns the slots, and waits until the cluster is ok. */
    public static RedisCluster start(int primaries) throws IOException {
        return start(primaries, false);
    }

    /**
     * As {@link #start(int)}; with {@code persistent}, every node keeps an fsynced append-only
     * file, so a node killed and started again ({@link RedisServer#kill()}, {@link
     * RedisServer#startAgain()}) comes back with its data and, from its cluster config file, its
     * slots.
     */
    public static RedisCluster start(int primaries, boolean persistent) throws IOException {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            Set<Integer> ports = new LinkedHashSet<>();
            while (ports.size() < primaries) {
                ports.add(freeClusterPort());
            }
            for (int port : ports) {
                nodes.add(
                        RedisServer.start(
                                port,
                                persistent,
                                List.of(
                                        "--cluster-enabled", "yes",
                                        "--cluster-config-file", "nodes-" + port + ".conf",
                                        "--cluster-node-timeout", "2000",
                                        // Serve the slots it has even while another node is down.
                                        "--cluster-require-full-coverage", "no")));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.assignSlotsAndMeet();
            cluster.awaitOk(Duration.ofSeconds(30));
            LOG.info("Redis Cluster of {} primaries up: {}", primaries, cluster.nodes());
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    private void assignSlotsAndMeet() {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int from = i * SLOTS / n;
            int to = (i + 1) * SLOTS / n; // exclusive
            try (Jedis jedis = jedis(nodes.get(i))) {
                jedis.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
        try (Jedis first = jedis(nodes.get(0))) {
            for (RedisServer other : nodes.subList(1, n)) {
                first.clusterMeet(other.host(), other.port());
            }
        }
    }

    private void awaitOk(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isOk()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the cluster", e);
            }
        }
        throw new IOException("the Redis Cluster did not reach cluster_state:ok in " + timeout);
    }

    /** Waits until every node sees the cluster ok again, e.g. after a node came back. */
    public void awaitHealthy(Duration timeout) throws IOException {
        awaitOk(timeout);
    }

    /** Whether every node sees the cluster ok and knows all the others. */
    public boolean isOk() {
        for (RedisServer node : nodes) {
            try (Jedis jedis = jedis(node)) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok")
                        || !info.contains("cluster_known_nodes:" + nodes.size())) {
                    return false;
                }
            } catch (RuntimeException e) {
                return false;
            }
        }
        return true;
    }

    private static Jedis jedis(RedisServer node) {
        return new Jedis(node.host(), node.port());
    }

    /** The seed nodes for a cluster client. */
    public Set<HostAndPort> nodes() {
        Set<HostAndPort> set = new LinkedHashSet<>();
        for (RedisServer node : nodes) {
            set.add(new HostAndPort(node.host(), node.port()));
        }
        return set;
    }

    /** The servers, in slot order: node i serves slots [i*16384/n, (i+1)*16384/n). */
    public List<RedisServer> servers() {
        return List.copyOf(nodes);
    }

    /** A {@code redis://} URI of the first node, a seed for cluster clients. */
    public String seedUri() {
        return nodes.get(0).uri();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    /**
     * A free port whose cluster bus port (port + 10000, fixed before Redis 7) is free as well.
     */
    static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = RedisServer.freePort();
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus =
                    new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair (port, port + 10000) found");
    }
}
