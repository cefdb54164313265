package io.kairos.localstack;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on a one-node broker (replication 1); a topic that exists is left as it is. */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public static void create(String bootstrapServers, int partitions, Collection<String> topics) {
        try (Admin admin = admin(bootstrapServers)) {
            create(admin, partitions, topics, Map.of());
        }
    }

    /** A log-compacted topic (for control topics such as the offer catalog). */
    public static void createCompacted(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            create(admin, partitions, List.of(topic),
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }

    static void create(Admin admin, int partitions, Collection<String> topics, Map<String, String> cfg) {
        try {
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, (short) 1).configs(cfg);
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
    }
}
