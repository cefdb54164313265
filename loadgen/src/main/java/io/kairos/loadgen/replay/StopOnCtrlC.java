package io.kairos.loadgen.replay;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work on its own thread so that Ctrl-C interrupts it and waits for it to finish cleanly
 * (flush, close the file, print the summary) before the JVM exits.
 */
public final class StopOnCtrlC {
    private StopOnCtrlC() {}

    public static <T> T run(String name, Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
        Thread hook = new Thread(() -> {
            worker.interrupt();
            try {
                worker.join(15_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        worker.start();
        worker.join();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is what stopped the work
        }
        if (failure.get() != null) {
            throw failure.get() instanceof ExecutionException e && e.getCause() instanceof Exception c ? c : failure.get();
        }
        return result.get();
    }
}
