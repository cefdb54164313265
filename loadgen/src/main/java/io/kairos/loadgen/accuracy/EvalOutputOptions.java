package io.kairos.loadgen.accuracy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where an evaluation keeps its scenario and writes its report as JSON. */
final class EvalOutputOptions {
    @Option(names = "--out", description = "Keep the scenario (events.avro, truth.jsonl) here (default: a temporary directory).")
    Path out;

    @Mixin JsonReportOption json;

    /** {@code --out}, else a new temporary directory named after {@code prefix}. */
    Path scenarioDir(String prefix) throws IOException {
        return out != null ? out : Files.createTempDirectory(prefix);
    }

    /** Writes the report to {@code --json}, if given, and says where. */
    void writeJson(String report, Consumer<String> log) throws IOException {
        json.write(report, log);
    }
}
