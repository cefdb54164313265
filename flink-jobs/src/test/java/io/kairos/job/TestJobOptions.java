package io.kairos.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The options the job ITCases run the real job with: topics under a per-test prefix (so tests
 * never see each other's records), short cart delay, idleness and checkpoints so that a test
 * takes seconds, and no restarts, so that a failure shows instead of being retried away.
 */
final class TestJobOptions {
    private TestJobOptions() {}

    static Map<String, String> of(
            String bootstrapServers, String redisUri, String topicPrefix, String groupId, String checkpointDir) {
        Map<String, String> options = new HashMap<>();
        options.put("kairos.kafka.bootstrap-servers", bootstrapServers);
        options.put("kairos.kafka.group-id", groupId);
        options.put("kairos.redis.uri", redisUri);
        for (String topic : new String[] {
            "clicks", "purchases", "customer-updates", "offer-responses", "offer-catalog", "dead-letters", "customer-signals"
        }) {
            options.put("kairos.topics." + topic, topicPrefix + topic);
        }
        options.put("kairos.cart.abandonment-delay", "10 s");
        options.put("kairos.cart.reminder-channels", "PUSH;EMAIL");
        options.put("kairos.events.idle-timeout", "1 s");
        options.put("kairos.events.max-out-of-orderness", "1 s");
        options.put("parallelism.default", "2");
        options.put("execution.checkpointing.interval", "1 s");
        options.put("execution.checkpointing.dir", checkpointDir);
        options.put("restart-strategy.type", "none");
        return options;
    }
}
