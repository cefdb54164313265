package io.kairos.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server in its own process, with its output in a log file, that the stack and the fault tests
 * end the two ways they need (politely, or as a crash) and start again on the same port and data:
 * the lifecycle {@link KafkaBrokerProcess} and {@link RedisServer} share.
 */
public abstract class ServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

    private final String name;
    private final Duration stopGrace;
    private Process process;

    /** {@code name} for logs; {@code stopGrace}: how long {@link #stop()} waits before SIGKILL. */
    ServerProcess(String name, Duration stopGrace) {
        this.name = name;
        this.stopGrace = stopGrace;
    }

    /** Starts the server's process (through {@link #launch}) and waits until it answers. */
    abstract void startProcess() throws IOException;

    /** Starts {@code command}, its output and errors appended to {@code log}: the process this object runs. */
    final synchronized Process launch(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        return process;
    }

    /** The process id, for measuring its CPU time; -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * SIGTERM, so the server's shutdown closes its files cleanly; SIGKILL if it has not ended
     * within the grace. Stopping what is not running does nothing.
     */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("{} (pid {}) did not stop within {} s; killing it", name, process.pid(), stopGrace.toSeconds());
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        process = null;
    }

    /** SIGKILL, as a crash would: no shutdown, no goodbye. Waits until the process is gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process = null;
    }

    /** Starts the server again after {@link #stop()} or {@link #kill()}, on the same port and data. */
    public synchronized void startAgain() throws IOException {
        if (process == null) {
            startProcess();
        }
    }
}
