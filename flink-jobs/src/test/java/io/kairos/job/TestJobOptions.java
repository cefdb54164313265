package io.kairos.job;

import java.util.HashMap;
import java.util.Map;

/**
 * The options the job ITCases run the real job with: topics under a per-test prefix (so tests
 * never see each other's records), short cart delay, idleness and checkpoints so that a test
 * takes seconds, no restarts, so that a failure shows instead of being retried away, and neither quiet hours nor
 * a control group, so that what a test expects does not depend on the hour or the customer id.
 */
final class TestJobOptions {
    private TestJobOptions() {}

    static Map<String, String> of(
            String bootstrapServers, String redisUri, String topicPrefix, String groupId, String checkpointDir) {
        Map<String, String> options = new HashMap<>();
        options.put("kairos.kafka.bootstrap-servers", bootstrapServers);
        options.put("kairos.kafka.group-id", groupId);
        options.put("kairos.redis.uri", redisUri);
        options.put("kairos.events.topics", topicPrefix + "customer-events");
        for (String topic : new String[] {"offer-catalog", "dead-letters", "customer-signals", "decisions", "offer-feedback"}) {
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
        // Tests that count messages must not depend on the wall clock's hour or on who is in
        // the control group; the tests of those rules set them.
        options.put("kairos.contact.quiet-hours-start", "00:00");
        options.put("kairos.contact.quiet-hours-end", "00:00");
        options.put("kairos.holdout.share", "0");
        return options;
    }
}
