package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of the learning branches ({@code kairos.learning.*}): response rates per offer and
 * segment, and co-purchase associations. Part of {@link KairosOptions}.
 */
public final class LearningOptions {
    public static final ConfigOption<Duration> LEARNING_RESPONSE_HALF_LIFE =
            key("kairos.learning.response-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of the sends and conversions counted per offer and segment.");

    public static final ConfigOption<Duration> LEARNING_ASSOCIATION_HALF_LIFE =
            key("kairos.learning.association-half-life")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("Half-life of co-purchase counts.");

    public static final ConfigOption<Duration> LEARNING_BASKET_WINDOW =
            key("kairos.learning.basket-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "Products a customer bought within this of each other count as bought"
                                    + " together.");

    public static final ConfigOption<Integer> LEARNING_ASSOCIATIONS_PER_PRODUCT =
            key("kairos.learning.associations-per-product")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Co-purchased products kept (and offered from) per product.");

    public static final ConfigOption<Duration> LEARNING_PUBLISH_INTERVAL =
            key("kairos.learning.publish-interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(15))
                    .withDescription(
                            "Event time between two broadcasts of a changed response rate or association"
                                    + " list: bounds the broadcast volume.");

    private LearningOptions() {}
}
