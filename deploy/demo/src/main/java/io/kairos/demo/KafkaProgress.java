package io.kairos.demo;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What an operator would look at: how far the job's consumer group has got (offsets the job
 * commits when a checkpoint completes) against the end of each topic.
 */
final class KafkaProgress {
    private final Admin admin;

    KafkaProgress(Admin admin) {
        this.admin = admin;
    }

    /** Records in the topics (sum of end offsets; the demo's topics start at 0). */
    long endOffsets(Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        for (TopicPartition tp : partitions(topics)) {
            request.put(tp, OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    /** Records the group has committed as processed in the given topics. */
    long committed(String groupId, Collection<String> topics) throws Exception {
        Set<String> wanted = new HashSet<>(topics);
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> wanted.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    private List<TopicPartition> partitions(Collection<String> topics) throws Exception {
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        return described.values().stream()
                .flatMap(
                        d ->
                                d.partitions().stream()
                                        .map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(java.util.stream.Collectors.toList());
    }
}
