package io.kairos.decide;

import io.kairos.catalog.CatalogSnapshot;
import io.kairos.customer.CustomerModelSettings;
import io.kairos.events.Channel;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The knobs of the personalization operator, validated once at start-up. */
public final class PersonalizationSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final Duration cartAbandonmentDelay;
    public final Duration offerCooldown;
    public final Duration messageTtl;
    public final List<Channel> cartReminderChannels;
    public final CustomerModelSettings customerModel;
    /** The contact policy, the moments' knobs and the learning loop's. */
    public final DecisionSettings decisions;
    /** The catalog read to its end offset at submission: decisions use it until the live one catches up. */
    public final CatalogSnapshot bootstrapCatalog;
    /**
     * Whether due work runs in line when a later event of the customer arrives first. Always in
     * production; off only to show, in a test, what it protects (a history that depends on speed).
     */
    public final boolean dueWorkInLine;

    public PersonalizationSettings(
            Duration cartAbandonmentDelay,
            Duration offerCooldown,
            Duration messageTtl,
            List<Channel> cartReminderChannels,
            CustomerModelSettings customerModel) {
        this(cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                DecisionSettings.defaults(offerCooldown, 0.0));
    }

    public PersonalizationSettings(
            Duration cartAbandonmentDelay,
            Duration offerCooldown,
            Duration messageTtl,
            List<Channel> cartReminderChannels,
            CustomerModelSettings customerModel,
            DecisionSettings decisions) {
        this(cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                decisions, CatalogSnapshot.empty(), true);
    }

    private PersonalizationSettings(
            Duration cartAbandonmentDelay,
            Duration offerCooldown,
            Duration messageTtl,
            List<Channel> cartReminderChannels,
            CustomerModelSettings customerModel,
            DecisionSettings decisions,
            CatalogSnapshot bootstrapCatalog,
            boolean dueWorkInLine) {
        this.bootstrapCatalog = Objects.requireNonNull(bootstrapCatalog);
        this.dueWorkInLine = dueWorkInLine;
        this.decisions = Objects.requireNonNull(decisions);
        this.cartAbandonmentDelay = Objects.requireNonNull(cartAbandonmentDelay);
        this.offerCooldown = Objects.requireNonNull(offerCooldown);
        this.messageTtl = Objects.requireNonNull(messageTtl);
        this.cartReminderChannels = List.copyOf(cartReminderChannels);
        this.customerModel = Objects.requireNonNull(customerModel);
        if (cartReminderChannels.isEmpty()) {
            throw new IllegalArgumentException("cart reminder channels must not be empty");
        }
        if (messageTtl.isNegative() || messageTtl.isZero()) {
            throw new IllegalArgumentException("message TTL must be positive: " + messageTtl);
        }
    }

    public static PersonalizationSettings defaults() {
        return new PersonalizationSettings(
                Duration.ofMinutes(30),
                Duration.ofDays(7),
                Duration.ofDays(3),
                List.of(Channel.PUSH, Channel.EMAIL, Channel.SMS, Channel.APP),
                CustomerModelSettings.defaults(),
                DecisionSettings.defaults());
    }

    public PersonalizationSettings withCustomerModel(CustomerModelSettings customerModel) {
        return new PersonalizationSettings(
                cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                decisions, bootstrapCatalog, dueWorkInLine);
    }

    public PersonalizationSettings withDecisions(DecisionSettings decisions) {
        return new PersonalizationSettings(
                cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                decisions, bootstrapCatalog, dueWorkInLine);
    }

    public PersonalizationSettings withBootstrapCatalog(CatalogSnapshot catalog) {
        return new PersonalizationSettings(
                cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                decisions, catalog, dueWorkInLine);
    }

    public PersonalizationSettings withDueWorkInLine(boolean inLine) {
        return new PersonalizationSettings(
                cartAbandonmentDelay, offerCooldown, messageTtl, cartReminderChannels, customerModel,
                decisions, bootstrapCatalog, inLine);
    }
}
