package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.kairos.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * What the job reads and writes on Kafka and how it keeps event time ({@code kairos.events.*},
 * {@code kairos.topics.*}): the customer event topics, the topics of the catalog, the dead letters,
 * the signals, the decisions and the learning loop, and the watermarks. Part of {@link
 * KairosOptions}.
 */
public final class EventOptions {
    public static final ConfigOption<List<String>> EVENTS_TOPICS =
            key("kairos.events.topics")
                    .stringType()
                    .asList()
                    .defaultValues(Topics.CUSTOMER_EVENTS)
                    .withDescription(
                            "Kafka topics of customer events (CustomerEventEnvelope values, key customerId,"
                                    + " and clock ticks), separated by ';'. On one topic a customer's"
                                    + " events are decided in their partition's order; across several"
                                    + " topics the order is arrival order.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("kairos.events.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How late an event may be within one Kafka partition.");

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            key("kairos.events.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long no longer holds back event"
                                    + " time.");

    public static final ConfigOption<String> TOPIC_OFFER_CATALOG =
            topic("offer-catalog", Topics.OFFER_CATALOG);

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            topic("dead-letters", Topics.DEAD_LETTERS);

    public static final ConfigOption<String> TOPIC_CUSTOMER_SIGNALS =
            topic("customer-signals", Topics.CUSTOMER_SIGNALS);

    public static final ConfigOption<String> TOPIC_DECISIONS = topic("decisions", Topics.DECISIONS);

    public static final ConfigOption<String> TOPIC_OFFER_FEEDBACK =
            topic("offer-feedback", Topics.OFFER_FEEDBACK);

    private EventOptions() {}

    private static ConfigOption<String> topic(String name, String defaultTopic) {
        return key("kairos.topics." + name)
                .stringType()
                .defaultValue(defaultTopic)
                .withDescription("Kafka topic for " + name + ".");
    }
}
