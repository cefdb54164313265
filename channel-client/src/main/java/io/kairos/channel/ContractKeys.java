package io.kairos.channel;

import io.kairos.events.Channel;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The Redis key layout of the delivery contract, version 3 (docs/REDIS-CONTRACT.md): what the
 * engine writes and channels read. This is the one place the names are built: the job's sink
 * uses it as the channels do, so writer and readers cannot drift apart.
 *
 * <p>A customer's shard is {@code CRC16(customerId) mod 64} (CRC16-XMODEM over the UTF-8 bytes,
 * the CRC Redis Cluster hashes keys with). Every key of the customer and the shard's push streams
 * carry the hash tag {@code {sNN}} ({@code {s07}}), so one message's keys share one Redis Cluster
 * slot and are written by one atomic script.
 */
public final class ContractKeys {
    public static final int CONTRACT_VERSION = 3;
    public static final String CONTRACT_VERSION_KEY = "kairos:contract-version";

    /** Shards of customers and of each push stream; fixed by the contract version. */
    public static final int SHARDS = 64;

    /** Channels that are sent to (push), not fetched: they get an entry on a stream. */
    public static final Set<Channel> PUSH_CHANNELS =
            EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.PUSH);

    private ContractKeys() {}

    /** The customer's shard: CRC16-XMODEM of the id's UTF-8 bytes, mod {@link #SHARDS}. */
    public static int shard(String customerId) {
        return JedisClusterCRC16.getCRC16(customerId.getBytes(StandardCharsets.UTF_8)) % SHARDS;
    }

    /** The hash tag of a shard, e.g. {@code {s07}}. */
    public static String shardTag(int shard) {
        if (shard < 0 || shard >= SHARDS) {
            throw new IllegalArgumentException("shard " + shard + " not in [0, " + SHARDS + ")");
        }
        return String.format(Locale.ROOT, "{s%02d}", shard);
    }

    private static String customerKey(String kind, String customerId) {
        return "kairos:" + kind + ":" + shardTag(shard(customerId)) + ":" + customerId;
    }

    /** ZSET messageId -> score: the customer's current offers. */
    public static String offers(String customerId) {
        return customerKey("offers", customerId);
    }

    /** ZSET messageId -> expiresAt (epoch ms): lets writers trim expired offers. */
    public static String offerExpiries(String customerId) {
        return customerKey("offers-exp", customerId);
    }

    /** HASH: the message body; it expires when the message does. */
    public static String message(String customerId, String messageId) {
        return messagePrefix(customerId) + messageId;
    }

    /** The prefix of all of a customer's message hashes. */
    public static String messagePrefix(String customerId) {
        return customerKey("msg", customerId) + ":";
    }

    /** HASH: the customer's profile (call-center screen-pop). */
    public static String profile(String customerId) {
        return customerKey("profile", customerId);
    }

    /** STRING (forgottenAt, epoch ms): set while writes for a forgotten customer are refused. */
    public static String forgotten(String customerId) {
        return customerKey("forgotten", customerId);
    }

    /** STRING: dedup marker of a message id, in its customer's shard; outlives the message. */
    public static String sent(String customerId, String messageId) {
        return "kairos:sent:" + shardTag(shard(customerId)) + ":" + messageId;
    }

    /** HASH "FROM>TO" -> count: the value pyramid's movement matrix of one UTC day. */
    public static String movements(String period) {
        return "kairos:movements:{" + period + "}";
    }

    /** STREAM: one shard of a push channel's stream, e.g. {@code kairos:stream:{s07}:email}. */
    public static String stream(int shard, Channel channel) {
        return "kairos:stream:" + shardTag(shard) + ":" + channelName(channel);
    }

    /** STREAM: the shard of a push channel's stream that gets this customer's messages. */
    public static String stream(String customerId, Channel channel) {
        return stream(shard(customerId), channel);
    }

    public static boolean isPushChannel(Channel channel) {
        return PUSH_CHANNELS.contains(channel);
    }

    public static String channelName(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
