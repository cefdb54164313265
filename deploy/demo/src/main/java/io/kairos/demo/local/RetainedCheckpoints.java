package io.kairos.demo.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The retained checkpoints in a job's checkpoint directory. Flink writes {@code
 * <dir>/<job id>/chk-<n>/_metadata}; each run of the job (a restore is a new run with a new job
 * id) has its own sub-directory, and a checkpoint counts only once its {@code _metadata} is
 * written (a {@code chk-<n>} without it was cut short, e.g. by a kill).
 */
public final class RetainedCheckpoints {
    private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

    private RetainedCheckpoints() {}

    /** One completed checkpoint: its directory (what Flink restores from) and number (-1: a savepoint). */
    public record Checkpoint(Path dir, long id, long writtenAtMillis) {
        @Override
        public String toString() {
            return (id < 0 ? "savepoint" : "checkpoint " + id) + " (" + dir + ")";
        }
    }

    /**
     * The newest completed checkpoint under {@code dir}: the latest {@code _metadata} written, the
     * higher number if two were written in the same millisecond. A restored run continues its
     * predecessor's numbering, so the newest is also the highest-numbered in practice.
     */
    public static Optional<Checkpoint> latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(RetainedCheckpoints::completedIn)
                    .max(Comparator.comparingLong(Checkpoint::writtenAtMillis).thenComparingLong(Checkpoint::id));
        }
    }

    private static Stream<Checkpoint> completedIn(Path jobDir) {
        try (Stream<Path> children = Files.list(jobDir)) {
            return children.map(RetainedCheckpoints::completed).flatMap(Optional::stream).toList().stream();
        } catch (IOException e) {
            return Stream.empty(); // removed while we looked: Flink subsumed it
        }
    }

    private static Optional<Checkpoint> completed(Path chk) {
        Matcher m = CHK.matcher(chk.getFileName().toString());
        Path metadata = chk.resolve("_metadata");
        if (!m.matches() || !Files.isRegularFile(metadata)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Checkpoint(chk.toAbsolutePath(), Long.parseLong(m.group(1)),
                    Files.getLastModifiedTime(metadata).toMillis()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
