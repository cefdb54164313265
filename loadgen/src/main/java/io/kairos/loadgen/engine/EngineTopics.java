package io.kairos.loadgen.engine;

import io.kairos.localstack.KafkaTopics;
import io.kairos.schemas.Topics;
import java.util.List;

/**
 * The engine's topics on a local broker, one layout for everything that creates them: the stack,
 * the demo and the soak ({@code --partitions}), and the {@link EmbeddedEngine} of the evaluations
 * and the backtest (the job's parallelism). Existing topics are kept.
 */
public final class EngineTopics {
    public static final List<String> NAMES = List.of(Topics.CUSTOMER_EVENTS, Topics.OFFER_CATALOG,
            Topics.CUSTOMER_SIGNALS, Topics.DECISIONS, Topics.OFFER_FEEDBACK, Topics.DEAD_LETTERS);

    private EngineTopics() {}

    public static void create(String bootstrapServers, int partitions) {
        KafkaTopics.create(bootstrapServers, partitions, List.of(Topics.CUSTOMER_EVENTS));
        KafkaTopics.create(bootstrapServers, 1, List.of(Topics.DEAD_LETTERS));
        KafkaTopics.create(bootstrapServers, partitions,
                List.of(Topics.CUSTOMER_SIGNALS, Topics.DECISIONS, Topics.OFFER_FEEDBACK));
        // The catalog is applied in topic order by every subtask: one partition, compacted.
        KafkaTopics.createCompacted(bootstrapServers, Topics.OFFER_CATALOG, 1);
    }
}
