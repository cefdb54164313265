package io.kairos.loadgen.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a command that runs the personalization job on a local Flink ({@code job}, {@code demo},
 * {@code bench-engine}, {@code soak}, {@code backtest}) sizes it and lets the user tune it: the
 * parallelism, and {@code --job-option} options of the job or of Flink that win over the command's
 * own settings. Also the options every such run starts from: where Kafka and Redis are, the group,
 * the checkpoint directory.
 */
public final class JobRunOptions {
    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of the job (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin JobOptionOverrides overrides = new JobOptionOverrides();

    public int parallelism() {
        return parallelism;
    }

    /** The {@code --job-option} options, to put over the command's own. */
    public Map<String, String> overrides() {
        return overrides.get();
    }

    /** The job's options to read Kafka as {@code groupId}, write Redis, and checkpoint into {@code checkpoints}. */
    public Map<String, String> jobOptions(String bootstrapServers, String groupId, String redisUri, Path checkpoints) {
        Map<String, String> options = new HashMap<>();
        options.put("kairos.kafka.bootstrap-servers", bootstrapServers);
        options.put("kairos.kafka.group-id", groupId);
        options.put("kairos.redis.uri", redisUri);
        options.put("parallelism.default", String.valueOf(parallelism));
        options.put("execution.checkpointing.dir", checkpoints.toUri().toString());
        return options;
    }
}
