package io.kairos.loadgen.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the job (kairos.*) or of Flink, key=value, that win over a command's own settings.
 * One mixin, so every command that runs the job spells it the same way: {@code --job-option} (or
 * {@code -o}); {@code --flink}, as {@code job}, {@code demo}, {@code soak} and {@code bench-engine}
 * spelled it, still works.
 */
public final class JobOptionOverrides {
    @Option(names = {"--job-option", "-o", "--flink"}, paramLabel = "KEY=VALUE",
            description = "An option of the job (kairos.*) or of Flink, key=value, repeatable; wins"
                    + " over the command's own settings (e.g. kairos.learning.publish-interval=36500d,"
                    + " execution.buffer-timeout.interval=100ms, state.backend.rocksdb.timer-service.factory=HEAP).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The options given, in the order given. */
    public Map<String, String> get() {
        return overrides;
    }
}
