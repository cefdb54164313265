package io.kairos.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.kairos.events.Channel;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Options of decisioning and the contact policy: cart reminders, offers and messages, the catalog
 * at start-up, caps, quiet hours, timing, suppression, holdout, attribution and the moments
 * ({@code kairos.cart.*}, {@code kairos.offer.*}, {@code kairos.message.*}, {@code
 * kairos.catalog.*}, {@code kairos.contact.*}, {@code kairos.holdout.*}, {@code
 * kairos.attribution.*}, {@code kairos.moments.*}). Part of {@link KairosOptions}.
 */
public final class DecisionOptions {
    public static final ConfigOption<Duration> CART_ABANDONMENT_DELAY =
            key("kairos.cart.abandonment-delay")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "Event time after the last cart change without checkout before a"
                                    + " cart reminder is due.");

    public static final ConfigOption<List<Channel>> CART_REMINDER_CHANNELS =
            key("kairos.cart.reminder-channels")
                    .enumType(Channel.class)
                    .asList()
                    .defaultValues(Channel.PUSH, Channel.EMAIL, Channel.SMS, Channel.APP)
                    .withDescription(
                            "Channels for cart reminders, most preferred first; the first one the"
                                    + " customer consented to is used.");

    public static final ConfigOption<Duration> OFFER_COOLDOWN =
            key("kairos.offer.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("The same offer is not sent to the same customer again within this.");

    public static final ConfigOption<Duration> MESSAGE_TTL =
            key("kairos.message.ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(3))
                    .withDescription("How long a message stays valid after the moment that caused it.");

    public static final ConfigOption<Boolean> DUE_WORK_IN_LINE =
            key("kairos.due-work.in-line")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Due work (cart reminder, review, birthday, replenishment, held messages) runs"
                                    + " before a later event of the same customer, as of its due time. Keep it"
                                    + " on: off only shows, in a test, that a history then depends on replay speed.");

    public static final ConfigOption<Integer> CUSTOMER_CACHE_SIZE =
            key("kairos.state.customer-cache-size")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "How many customers' records each personalization subtask keeps on the heap"
                                    + " between their events (a few KB each); they go to keyed state when"
                                    + " evicted and before every checkpoint. 0 reads and writes keyed state"
                                    + " at every event.");

    public static final ConfigOption<Duration> CUSTOMER_CACHE_IDLE =
            key("kairos.state.customer-cache-idle")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "A cached customer record without a turn for this long (wall time) goes back to"
                                    + " keyed state, a few per turn. Keeps the write-back before each checkpoint"
                                    + " barrier short, which every decision behind the barrier waits for.");

    // ---- Contact policy: caps, quiet hours, timing, suppression, holdout ----

    public static final ConfigOption<Integer> CONTACT_CAP_PER_DAY =
            key("kairos.contact.cap-per-day")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Most promotional messages to one customer in any 24 hours, all channels"
                                    + " (transactional ones do not count).");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_WEEK =
            key("kairos.contact.cap-per-week")
                    .intType()
                    .defaultValue(10)
                    .withDescription("Most promotional messages to one customer in any 7 days, all channels.");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_CHANNEL_PER_DAY =
            key("kairos.contact.cap-per-channel-per-day")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Most promotional messages to one customer on one channel in any 24 hours.");

    public static final ConfigOption<Integer> CONTACT_CAP_PER_CHANNEL_PER_WEEK =
            key("kairos.contact.cap-per-channel-per-week")
                    .intType()
                    .defaultValue(6)
                    .withDescription("Most promotional messages to one customer on one channel in any 7 days.");

    public static final ConfigOption<String> CONTACT_QUIET_HOURS_START =
            key("kairos.contact.quiet-hours-start")
                    .stringType()
                    .defaultValue("21:00")
                    .withDescription(
                            "Local time (HH:mm, the customer's time zone) from which email, SMS, push"
                                    + " and call-center messages are held; equal to the end: no quiet hours.");

    public static final ConfigOption<String> CONTACT_QUIET_HOURS_END =
            key("kairos.contact.quiet-hours-end")
                    .stringType()
                    .defaultValue("08:00")
                    .withDescription("Local time (HH:mm) at which held messages are released.");

    public static final ConfigOption<String> CONTACT_DEFAULT_TIME_ZONE =
            key("kairos.contact.default-time-zone")
                    .stringType()
                    .defaultValue("UTC")
                    .withDescription("IANA time zone of customers who did not tell us theirs.");

    public static final ConfigOption<Duration> CONTACT_ACTIVE_SESSION =
            key("kairos.contact.active-session")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "A customer who clicked within this is in a session: web or app gets the"
                                    + " message now.");

    public static final ConfigOption<Integer> CONTACT_BEST_HOUR_MIN_RESPONSES =
            key("kairos.contact.best-hour-min-responses")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Responses needed before a non-urgent message waits for the customer's most"
                                    + " responsive hour of day.");

    public static final ConfigOption<Duration> CONTACT_SUPPRESS_AFTER_CONVERSION =
            key("kairos.contact.suppress-after-conversion")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription("An offer the customer converted on is not sent to them again within this.");

    public static final ConfigOption<Integer> CONTACT_DISMISSALS_PER_OFFER =
            key("kairos.contact.dismissals-per-offer")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Dismissals of one offer after which it is suppressed for the customer.");

    public static final ConfigOption<Integer> CONTACT_DISMISSALS_OVERALL =
            key("kairos.contact.dismissals-overall")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Dismissals of any offers within the dismissal window after which all"
                                    + " promotional messages to the customer pause.");

    public static final ConfigOption<Duration> CONTACT_DISMISSAL_WINDOW =
            key("kairos.contact.dismissal-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription("Window in which overall dismissals are counted.");

    public static final ConfigOption<Duration> CONTACT_SUPPRESS_AFTER_DISMISSALS =
            key("kairos.contact.suppress-after-dismissals")
                    .durationType()
                    .defaultValue(Duration.ofDays(14))
                    .withDescription("How long a suppression after dismissals lasts.");

    public static final ConfigOption<Double> HOLDOUT_SHARE =
            key("kairos.holdout.share")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "Share of customers (deterministic per customer and trigger, 0..0.5) who get"
                                    + " no message: the control group for uplift. Their decisions are audited.");

    public static final ConfigOption<java.util.Map<String, String>> HOLDOUT_SHARE_BY_TRIGGER =
            key("kairos.holdout.share-by-trigger")
                    .mapType()
                    .defaultValue(java.util.Map.of())
                    .withDescription(
                            "Holdout share per trigger, overriding kairos.holdout.share, e.g."
                                    + " 'CART_ABANDONMENT:0.05,WIN_BACK:0.2'.");

    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW =
            key("kairos.attribution.window")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A purchase of an offered product within this after the message converts"
                                    + " the offer.");

    // ---- Moments ----

    public static final ConfigOption<Integer> BROWSE_PRODUCT_VIEWS =
            key("kairos.moments.browse-product-views")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Views of one product without a purchase that make a browse-intent moment.");

    public static final ConfigOption<Integer> BROWSE_CATEGORY_VIEWS =
            key("kairos.moments.browse-category-views")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Views in one category without a purchase that make a browse-intent moment.");

    public static final ConfigOption<Duration> BROWSE_WINDOW =
            key("kairos.moments.browse-window")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription("Views count toward browse intent within this.");

    public static final ConfigOption<String> BIRTHDAY_GREET_AT =
            key("kairos.moments.birthday-greet-at")
                    .stringType()
                    .defaultValue("09:00")
                    .withDescription("Local time (HH:mm) of the birthday greeting.");

    public static final ConfigOption<Duration> REPLENISHMENT_LEAD =
            key("kairos.moments.replenishment-lead")
                    .durationType()
                    .defaultValue(Duration.ofDays(3))
                    .withDescription(
                            "The replenishment reminder is due this long before a consumable's expected"
                                    + " repurchase.");

    private DecisionOptions() {}
}
