package io.kairos.deliver;

import io.kairos.events.Channel;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Redis key layout that delivery channels read: contract version 2 (README, "Redis keys").
 * Version 2 added the customer profile, the forget tombstone and the movement matrix.
 *
 * <p>Every key of one customer carries the hash tag {@code {customerId}} and every key of one
 * channel stream the tag {@code {channel}}, so each write script touches exactly one Redis Cluster
 * slot. The movement matrix is keyed by its period, {@code {2026-11-22}}. Changing a key here is
 * a contract change: bump {@link #CONTRACT_VERSION}.
 */
public final class RedisKeys {
    public static final int CONTRACT_VERSION = 2;
    public static final String CONTRACT_VERSION_KEY = "kairos:contract-version";

    /** Channels that are sent to (push), not fetched: they get an entry on a per-channel stream. */
    public static final Set<Channel> PUSH_CHANNELS =
            EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.PUSH);

    private RedisKeys() {}

    /** ZSET messageId -> score: the customer's current offers. */
    public static String offers(String customerId) {
        return "kairos:offers:{" + customerId + "}";
    }

    /** ZSET messageId -> expiresAt (epoch ms): lets writers trim expired offers. */
    public static String offerExpiries(String customerId) {
        return "kairos:offers-exp:{" + customerId + "}";
    }

    /** HASH: the message body; it expires when the message does. */
    public static String message(String customerId, String messageId) {
        return "kairos:msg:{" + customerId + "}:" + messageId;
    }

    /** HASH: the customer's profile for pull channels (fields of {@code ProfileSnapshot}). */
    public static String profile(String customerId) {
        return "kairos:profile:{" + customerId + "}";
    }

    /** STRING (forgottenAt, epoch ms): set while writes for a forgotten customer are refused. */
    public static String forgotten(String customerId) {
        return "kairos:forgotten:{" + customerId + "}";
    }

    /** The prefix of all of a customer's message hashes ({@link #message}). */
    public static String messagePrefix(String customerId) {
        return "kairos:msg:{" + customerId + "}:";
    }

    /** HASH "FROM>TO" -> count: the value pyramid's movement matrix of one period (UTC day). */
    public static String movements(String period) {
        return "kairos:movements:{" + period + "}";
    }

    /** STREAM: one entry per message for a push channel. */
    public static String stream(Channel channel) {
        return "kairos:stream:{" + channelName(channel) + "}";
    }

    /** STRING: marks that the stream entry of this message was written (dedup on replay). */
    public static String streamed(Channel channel, String messageId) {
        return "kairos:streamed:{" + channelName(channel) + "}:" + messageId;
    }

    public static boolean isPushChannel(Channel channel) {
        return PUSH_CHANNELS.contains(channel);
    }

    public static String channelName(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
