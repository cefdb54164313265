package io.kairos.localstack;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ending a server process the two ways the stack and the fault tests need: politely, or as a crash. */
final class Processes {
    private static final Logger LOG = LoggerFactory.getLogger(Processes.class);

    private Processes() {}

    /**
     * SIGTERM, so the server's shutdown closes its files cleanly; SIGKILL if it has not ended
     * within {@code grace}. Null-safe: stopping what is not running does nothing.
     */
    static void stop(Process process, String what, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) did not stop within {} s; killing it", what, process.pid(), grace.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash would: no shutdown, no goodbye. Waits until the process is gone. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
