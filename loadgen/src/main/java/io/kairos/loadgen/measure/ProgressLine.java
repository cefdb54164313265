package io.kairos.loadgen.measure;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A progress bar on one line: on a terminal it is redrawn in place every second (carriage
 * return), elsewhere (a log, CI) a new line is printed every 5 s so the output stays readable.
 * No library: the one that would fit (me.tongfei:progressbar) is not among the packages this
 * build may use, and one line with a carriage return is all that is needed.
 */
public final class ProgressLine implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final PrintStream out;
    private final boolean terminal;
    private final Supplier<String> line;
    private int lastLength;

    public ProgressLine(PrintStream out, Supplier<String> line) {
        this(out, System.console() != null, line);
    }

    public ProgressLine(PrintStream out, boolean terminal, Supplier<String> line) {
        this.out = out;
        this.terminal = terminal;
        this.line = line;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kairos-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 1 : 5;
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
    }

    private synchronized void print() {
        String text;
        try {
            text = line.get();
        } catch (RuntimeException e) {
            text = "(progress unavailable: " + e + ")";
        }
        if (terminal) {
            int pad = Math.max(0, lastLength - text.length());
            out.print("\r" + text + " ".repeat(pad));
            out.flush();
            lastLength = text.length();
        } else {
            out.println("  " + text);
        }
    }

    /** {@code [#####.....]} for a fraction in [0, 1], {@code width} cells inside the brackets. */
    public static String bar(double fraction, int width) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int full = (int) Math.round(f * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    }

    /** Stops; on a terminal, prints the last state and ends the line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminal) {
            print();
            out.println();
        }
    }
}
