package io.kairos.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk a client sends for a fixed delay before passing
 * it on, in order: a server that answers {@code delay} later on every round trip, as a remote or
 * overloaded Redis does. The answers come back at once. The soak test ({@code ./kairos soak}) puts
 * it between the job and redis-server to slow Redis down without touching either.
 *
 * <p>Each connection gets a reader (client to queue), a forwarder (queue to server, each chunk at
 * its due time) and a pump (server to client). Pipelined commands stay pipelined: a batch of
 * commands sent as one chunk pays the delay once, as it would over a slow link.
 */
public final class SlowProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong chunks = new AtomicLong();
    private volatile boolean closed;

    private SlowProxy(ServerSocket server, InetSocketAddress target, Duration delay) {
        this.server = server;
        this.target = target;
        this.delayNanos = delay.toNanos();
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code host:port}, each request {@code delay} late. */
    public static SlowProxy start(String host, int port, Duration delay) throws IOException {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SlowProxy proxy = new SlowProxy(server, new InetSocketAddress(host, port), delay);
        daemon("slow-proxy-accept-" + server.getLocalPort(), proxy::acceptLoop).start();
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests held and passed on so far. */
    public long chunksDelayed() {
        return chunks.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
                String name = "slow-proxy-" + client.getPort();
                daemon(name + "-read", () -> read(client, upstream, queue)).start();
                daemon(name + "-forward", () -> forward(queue, client, upstream)).start();
                daemon(name + "-answer", () -> pump(upstream, client)).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("slow proxy: " + e.getMessage());
                }
            }
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    private void read(Socket client, Socket upstream, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                queue.add(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
            }
        } catch (IOException closedByPeer) {
            // the connection ends either way
        }
        queue.add(Chunk.END);
    }

    private void forward(BlockingQueue<Chunk> queue, Socket client, Socket upstream) {
        try (OutputStream out = upstream.getOutputStream()) {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == Chunk.END) {
                    break;
                }
                long wait = chunk.dueNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                out.write(chunk.bytes);
                out.flush();
                chunks.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // closed: fall through
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void pump(Socket upstream, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(SlowProxy::closeQuietly);
    }
}
