package io.kairos.demo.local;

import io.kairos.loadgen.engine.EngineTopics;
import picocli.CommandLine.Option;

/**
 * {@code --partitions}: how many partitions the engine's topics get when a command creates them
 * ({@link EngineTopics}: {@code stack}, {@code demo}, {@code soak}). One mixin, so they say the same
 * thing about it and create the same topics.
 */
public final class TopicPartitions {
    @Option(names = "--partitions", defaultValue = "4",
            description = "Partitions of the customer event topic and the job's output topics, when created (default ${DEFAULT-VALUE}).")
    int partitions;

    public int count() {
        return partitions;
    }

    /** Creates the engine's topics on {@code bootstrapServers}, with this many partitions; existing ones are kept. */
    public void create(String bootstrapServers) {
        EngineTopics.create(bootstrapServers, partitions);
    }
}
