package io.kairos.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) running inside this JVM on a
 * free loopback port, from the Kafka jars. No Docker, no ZooKeeper, nothing on the machine.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a broker and waits until it accepts clients. */
    public static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        // One node: internal topics cannot have more than one replica.
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                        .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                        // No reason to wait for more consumers to join a group on a test broker.
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /**
     * Kafka's storage formatter reports to System.out, which would land in the middle of the
     * demo's output; what it says (the bootstrap metadata) is of no use to a user.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates topics with the given partition count; existing topics are left as they are. */
    public void createTopics(int partitions, Collection<String> topics) {
        createTopics(partitions, topics, Map.of());
    }

    /** Creates a log-compacted topic (for control topics such as the offer catalog). */
    public void createCompactedTopic(String topic, int partitions) {
        createTopics(
                partitions,
                List.of(topic),
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private void createTopics(int partitions, Collection<String> topics, Map<String, String> cfg) {
        try (Admin admin = admin()) {
            KafkaTopics.create(admin, partitions, topics, cfg);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
