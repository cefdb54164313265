package io.kairos.loadgen.replay;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;

/** Which topic each kind of event goes to: the defaults, a prefix, or one name per kind. */
public final class TopicMap {
    private final Map<EventKind, String> topics;

    private TopicMap(Map<EventKind, String> topics) {
        this.topics = topics;
    }

    /** The default topics, each with {@code prefix} in front ("" for none). */
    public static TopicMap withPrefix(String prefix) {
        Map<EventKind, String> topics = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            topics.put(kind, (prefix == null ? "" : prefix) + kind.defaultTopic());
        }
        return new TopicMap(topics);
    }

    /** This map with the topic of one kind replaced; null leaves it as it is. */
    public TopicMap with(EventKind kind, String topic) {
        if (topic == null || topic.isBlank()) {
            return this;
        }
        Map<EventKind, String> copy = new EnumMap<>(topics);
        copy.put(kind, topic);
        return new TopicMap(copy);
    }

    public String topic(EventKind kind) {
        return topics.get(kind);
    }

    /** Every topic events may go to, each once: the ones that get clock ticks at the end. */
    public Collection<String> all() {
        return new LinkedHashSet<>(topics.values());
    }

    @Override
    public String toString() {
        return topics.toString();
    }
}
