package io.kairos.localstack;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process on a free loopback port: the machine's {@code redis-server} if it
 * is on the PATH, else the Linux/macOS binary shipped in the embedded-redis Maven package. By
 * default it keeps no data on disk (no RDB, no AOF), so every start is empty; {@link
 * #startPersistent()} keeps an append-only file (fsync on every write) in its working directory,
 * so a restart finds what was acknowledged before the kill.
 *
 * <p>The process can be stopped (or killed) and started again on the same port, which is how
 * tests simulate an outage.
 */
public final class RedisServer extends ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

    private final File executable;
    private final int port;
    private final Path workDir;
    private final boolean persistent;
    private final List<String> extraArgs;
    /** A directory the caller gave is the caller's data: it outlives the server. */
    private final boolean keepDir;

    private RedisServer(
            File executable, int port, Path workDir, boolean persistent, List<String> extraArgs,
            boolean keepDir) {
        super("redis-server", Duration.ofSeconds(10));
        this.executable = executable;
        this.port = port;
        this.workDir = workDir;
        this.persistent = persistent;
        this.extraArgs = List.copyOf(extraArgs);
        this.keepDir = keepDir;
    }

    /** Starts a server on a free port and waits until it answers PING. */
    public static RedisServer start() throws IOException {
        return start(freePort(), false, List.of());
    }

    /** A server that keeps an append-only file, fsynced on every write, across restarts. */
    public static RedisServer startPersistent() throws IOException {
        return start(freePort(), true, List.of());
    }

    /**
     * A server on the given port with extra {@code redis-server} arguments (e.g. {@code
     * --cluster-enabled yes}); they come last, so they win over the defaults.
     */
    public static RedisServer start(int port, boolean persistent, List<String> extraArgs)
            throws IOException {
        RedisServer server =
                new RedisServer(
                        findExecutable(), port, Files.createTempDirectory("redis-"), persistent,
                        extraArgs, false);
        server.startProcess();
        return server;
    }

    /**
     * A server whose append-only file (fsynced on every write) lives in {@code dir}, which is
     * kept when the server is closed: started again on the same directory, it has the same data.
     * That is what {@code ./kairos stack} runs, and what a test kills and brings back.
     */
    public static RedisServer startIn(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        RedisServer server = new RedisServer(findExecutable(), port, dir, true, List.of(), true);
        server.startProcess();
        return server;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** A {@code redis://} URI for clients. */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    /** Which binary runs: useful in a demo's banner. */
    public String executablePath() {
        return executable.getAbsolutePath();
    }

    /** Stops the process if it runs and starts it again on the same port and directory. */
    public synchronized void restart() throws IOException {
        stop();
        startProcess();
    }

    /** The server's working directory (its log, append-only file, cluster config). */
    public Path workDir() {
        return workDir;
    }

    /** Stops the server and removes its working directory, unless the caller gave it. */
    @Override
    public void close() {
        stop();
        if (!keepDir) {
            deleteRecursively(workDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.toString());
        }
    }

    @Override
    synchronized void startProcess() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.getAbsolutePath());
        command.addAll(
                List.of(
                        "--port", String.valueOf(port),
                        "--bind", "127.0.0.1",
                        "--save", "",
                        "--appendonly", persistent ? "yes" : "no",
                        "--appendfsync", "always",
                        "--dir", workDir.toString(),
                        "--daemonize", "no",
                        "--loglevel", "warning"));
        command.addAll(extraArgs);
        Process process = launch(command, workDir.resolve("redis.log"));
        awaitPing(process, Duration.ofSeconds(20));
        LOG.info("redis-server {} listening on {}", executable, uri());
    }

    private void awaitPing(Process process, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "redis-server exited with " + process.exitValue() + ": "
                                + Files.readString(workDir.resolve("redis.log")));
            }
            try (RedisClient client = RedisClient.create(host(), port)) {
                if ("PONG".equals(client.ping())) {
                    return;
                }
            } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                // It answers, if only to say LOADING (replaying its append-only file) or NOAUTH.
                if (!String.valueOf(e.getMessage()).startsWith("LOADING")) {
                    return;
                }
                last = e;
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer PING within " + timeout, last);
    }

    private static File findExecutable() throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File candidate = new File(dir, "redis-server");
                if (candidate.canExecute()) {
                    return candidate;
                }
            }
        }
        // Extracts the binary for this OS and architecture from the embedded-redis jar.
        File shipped = ExecutableProvider.newJarResourceProvider().get();
        if (!shipped.canExecute() && !shipped.setExecutable(true)) {
            throw new IOException("cannot make " + shipped + " executable");
        }
        return shipped;
    }

    /** A port that was free a moment ago, on loopback. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
