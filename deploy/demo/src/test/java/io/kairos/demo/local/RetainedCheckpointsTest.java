package io.kairos.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
    @Test
    void theNewestCompletedCheckpointAcrossRunsWins(@TempDir Path dir) throws Exception {
        completed(dir.resolve("run-1/chk-7"), 1_000);
        completed(dir.resolve("run-1/chk-8"), 2_000);
        // The restored run continues the numbering; its chk-9 was cut short by a kill (no _metadata).
        completed(dir.resolve("run-2/chk-10"), 3_000);
        Files.createDirectories(dir.resolve("run-2/chk-11"));
        Files.createDirectories(dir.resolve("run-2/shared"));

        RetainedCheckpoints.Checkpoint latest = RetainedCheckpoints.latest(dir).orElseThrow();

        assertEquals(10, latest.id());
        assertEquals(dir.resolve("run-2/chk-10").toAbsolutePath(), latest.dir());
    }

    @Test
    void noneInAnEmptyOrMissingDirectory(@TempDir Path dir) throws Exception {
        assertTrue(RetainedCheckpoints.latest(dir).isEmpty());
        assertTrue(RetainedCheckpoints.latest(dir.resolve("missing")).isEmpty());
        Files.createDirectories(dir.resolve("run-1/chk-1"));
        assertTrue(RetainedCheckpoints.latest(dir).isEmpty(), "a chk-N without _metadata is not a checkpoint");
    }

    private static void completed(Path chk, long writtenAt) throws Exception {
        Files.createDirectories(chk);
        Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenAt));
    }
}
