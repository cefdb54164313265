package io.kairos.loadgen.measure;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The job's lag on its input topics, as an operator sees it: the sum of end offsets minus the
 * offsets the job's consumer group has committed. The Flink Kafka source commits when a
 * checkpoint completes, so this is "produced but not yet checkpointed" and moves in steps of
 * the checkpoint interval.
 */
public final class ConsumerLag {
    private final Admin admin;
    private final String groupId;
    private final Collection<String> topics;

    public ConsumerLag(Admin admin, String groupId, Collection<String> topics) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = topics;
    }

    /** Records in the topics: the sum of their partitions' end offsets. */
    public long endOffsets() throws Exception {
        return endOffsets(topics);
    }

    /** Records in other topics (dead letters, decisions), through the same client. */
    public long endOffsets(Collection<String> otherTopics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        Map<String, TopicDescription> described =
                admin.describeTopics(otherTopics).allTopicNames().get(10, TimeUnit.SECONDS);
        for (TopicDescription d : described.values()) {
            d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /** Records of the topics the group has committed as processed. */
    public long committed() throws Exception {
        Set<String> wanted = new HashSet<>(topics);
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> wanted.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    /** End offsets minus committed offsets; -1 if Kafka could not say. */
    public long lag() {
        try {
            return Math.max(0, endOffsets() - committed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
