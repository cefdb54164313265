package io.kairos.loadgen.accuracy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --json}: where a command that scores a run ({@code accuracy}, and the evaluations
 * through {@link EvalOutputOptions}) also writes its report as JSON. A picocli mixin, so they
 * spell the option and say where the file went the same way.
 */
public final class JsonReportOption {
    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    /** Writes {@code report} to {@code --json}, if given, and says where through {@code log}. */
    public void write(String report, Consumer<String> log) throws IOException {
        if (json != null) {
            Files.writeString(json, report);
            log.accept("JSON report: " + json);
        }
    }
}
