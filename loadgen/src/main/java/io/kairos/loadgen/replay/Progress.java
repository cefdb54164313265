package io.kairos.loadgen.replay;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints a progress line every few seconds from another thread, until closed. */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService timer;

    public Progress(long periodSeconds, Supplier<String> line) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> System.out.println("  " + line.get()), periodSeconds, periodSeconds,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
