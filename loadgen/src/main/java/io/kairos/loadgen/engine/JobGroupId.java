package io.kairos.loadgen.engine;

import picocli.CommandLine.Option;

/**
 * The personalization job's Kafka consumer group: the one {@code job} runs it with and the one
 * {@code loadgen} reads the lag of. One mixin, so both have the same default (the job's own,
 * kairos.kafka.group-id) and the same spelling; {@code --job-group-id}, as loadgen spelled it,
 * still works.
 */
public final class JobGroupId {
    @Option(names = {"--group-id", "--job-group-id"}, defaultValue = "kairos-personalization",
            description = "The job's Kafka consumer group (job: the group it reads as; loadgen: the group whose lag"
                    + " it reports; default ${DEFAULT-VALUE}).")
    String groupId;

    public String get() {
        return groupId;
    }
}
