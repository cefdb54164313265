package io.kairos.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The runbook's option table lists every option the job has, so operators never guess. */
class OperationsDocTest {
    @Test
    void everyOptionIsInTheRunbooksTable() throws Exception {
        String runbook = Files.readString(Path.of("..", "docs", "OPERATIONS.md"));
        List<String> missing = new ArrayList<>();
        for (ConfigOption<?> option : KairosOptions.all()) {
            if (!runbook.contains("| `" + option.key() + "` |")) {
                missing.add(option.key());
            }
        }
        assertTrue(missing.isEmpty(), "docs/OPERATIONS.md does not list " + missing);
    }
}
