package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import io.kairos.events.Channel;
import java.util.Set;

/**
 * The Redis key layout that delivery channels read, as the sink uses it: contract version 3
 * (docs/REDIS-CONTRACT.md). The names are built in one place, the channel client's {@link
 * ContractKeys}, which channels use too; this class only gives the sink short names for them.
 * Version 2 added the customer profile, the forget tombstone and the movement matrix; version 3
 * puts each customer into one of {@link #SHARDS} shards (hash tag {@code {sNN}}) and shards the
 * push streams the same way, so that one message (offer entry, body, stream entry, dedup marker)
 * is one atomic script over keys of one Redis Cluster slot.
 */
public final class RedisKeys {
    public static final int CONTRACT_VERSION = ContractKeys.CONTRACT_VERSION;
    public static final String CONTRACT_VERSION_KEY = ContractKeys.CONTRACT_VERSION_KEY;
    public static final int SHARDS = ContractKeys.SHARDS;
    public static final Set<Channel> PUSH_CHANNELS = ContractKeys.PUSH_CHANNELS;

    private RedisKeys() {}

    public static int shard(String customerId) {
        return ContractKeys.shard(customerId);
    }

    public static String offers(String customerId) {
        return ContractKeys.offers(customerId);
    }

    public static String offerExpiries(String customerId) {
        return ContractKeys.offerExpiries(customerId);
    }

    public static String message(String customerId, String messageId) {
        return ContractKeys.message(customerId, messageId);
    }

    public static String messagePrefix(String customerId) {
        return ContractKeys.messagePrefix(customerId);
    }

    public static String profile(String customerId) {
        return ContractKeys.profile(customerId);
    }

    public static String forgotten(String customerId) {
        return ContractKeys.forgotten(customerId);
    }

    public static String sent(String customerId, String messageId) {
        return ContractKeys.sent(customerId, messageId);
    }

    public static String movements(String period) {
        return ContractKeys.movements(period);
    }

    public static String stream(int shard, Channel channel) {
        return ContractKeys.stream(shard, channel);
    }

    public static String stream(String customerId, Channel channel) {
        return ContractKeys.stream(customerId, channel);
    }

    public static boolean isPushChannel(Channel channel) {
        return ContractKeys.isPushChannel(channel);
    }

    public static String channelName(Channel channel) {
        return ContractKeys.channelName(channel);
    }
}
