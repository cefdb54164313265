package io.kairos.demo.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap after each collection, read from a JVM's unified GC log ({@code -Xlog:gc:file=...}),
 * where every pause is one line such as
 * {@code [12.3s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 210M->48M(1024M) 4.1ms}.
 * The heap after a collection is the live set plus what survived young: a leak raises its floor,
 * while the heap in use at a random moment mostly says when the next collection is due.
 */
public final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Path file;
    private long offset;
    private double lastAfterMb = -1;
    private double lastFullAfterMb = -1;
    private long pauses;

    public GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that writes the log this class reads. */
    public static String jvmOption(Path file) {
        return "-Xlog:gc:file=" + file.toAbsolutePath();
    }

    /** Reads what the JVM wrote since the last call; the heap after its latest collection, -1 before any. */
    public double heapAfterLatestGcMb() throws IOException {
        if (!Files.exists(file)) {
            return lastAfterMb;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < offset) {
                offset = 0; // rotated or rewritten
            }
            in.seek(offset);
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE, in.length() - offset)];
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1; // a line still being written waits for the next call
            offset += text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
            for (String line : text.substring(0, end).split("\n")) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    lastAfterMb = Double.parseDouble(m.group(2));
                    if (line.contains("Pause Full")) {
                        lastFullAfterMb = lastAfterMb;
                    }
                    pauses++;
                }
            }
        }
        return lastAfterMb;
    }

    /**
     * The heap after the latest full collection read so far: the live set, nothing reclaimable
     * left (G1 may carry old-generation garbage for a long while when the heap is large); -1
     * before any.
     */
    public double liveSetMb() {
        return lastFullAfterMb;
    }

    /** Collections seen so far. */
    public long pauses() {
        return pauses;
    }
}
