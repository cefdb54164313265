package io.kairos.loadgen.csvimport;

import io.kairos.events.PurchaseEvent;
import io.kairos.loadgen.replay.RecordingWriter;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The recording of an import, written to a temporary file beside {@code out} and moved into its
 * place (atomically where the file system can) only once it is complete: a failed or stopped
 * import leaves an existing recording as it was.
 */
public final class ImportFile {
    private ImportFile() {}

    /**
     * @throws ImportFailure (usage) when {@code out} cannot be written there (no such directory,
     *     a directory, the input itself); checked before anything is read
     */
    public static void checkWritable(Path in, Path out) throws ImportFailure, IOException {
        Path dir = directory(out);
        if (!Files.isDirectory(dir)) {
            throw ImportFailure.usage("--out " + out + ": no directory " + dir);
        }
        if (Files.isDirectory(out)) {
            throw ImportFailure.usage("--out " + out + " is a directory; name the recording file");
        }
        if (Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out)) {
            throw ImportFailure.usage("--out " + out + " is the input file");
        }
        if (!Files.isWritable(dir)) {
            throw ImportFailure.usage("--out " + out + ": cannot write in " + dir);
        }
    }

    /** Writes the purchases to {@code out}, replacing it only when the whole file is written. */
    public static RecordingWriter.Summary write(Path out, String source, List<PurchaseEvent> purchases)
            throws IOException {
        // createFile, not createTempFile: the recording gets the usual permissions, not owner-only
        Path temp = directory(out).resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()) + ".partial");
        Files.createFile(temp);
        try {
            RecordingWriter.Summary summary;
            try (RecordingWriter writer = RecordingWriter.create(temp, source, Duration.ZERO)) {
                for (PurchaseEvent p : purchases) {
                    writer.append(p, null);
                }
                writer.close();
                summary = writer.summary();
            }
            try {
                Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            return summary;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Path directory(Path out) {
        Path parent = out.toAbsolutePath().getParent();
        return parent != null ? parent : out.toAbsolutePath();
    }
}
