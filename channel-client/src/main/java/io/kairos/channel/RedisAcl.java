package io.kairos.channel;

/**
 * The least a Redis ACL user needs, for the engine's sink and for a channel: the rules of an
 * {@code ACL SETUSER <name> on ><password> <rules>} line (docs/REDIS-CONTRACT.md, "Security").
 * Commands a Lua script calls are checked against the caller's ACL too, so the write commands the
 * scripts use are listed for the engine and absent for channels: a channel that calls the
 * engine's script is refused.
 */
public final class RedisAcl {
    private RedisAcl() {}

    /** The engine's sink: its scripts and the contract version, on kairos:* keys only. */
    public static final String ENGINE_RULES =
            "resetkeys ~kairos:* resetchannels -@all +ping +hello +script|load +evalsha +set"
                    + " +exists +hget +hmget +hset +del +pexpireat +zadd +zrem +zcard +zrange"
                    + " +zrangebyscore +xadd +time +cluster|slots";

    /**
     * A channel: top offers (the read-only script), profiles, its stream with a consumer group
     * (and EXISTS: a push worker sends an entry only while its body exists); no writes but those
     * of consumer groups (XGROUP CREATE, XREADGROUP, XACK, XAUTOCLAIM).
     */
    public static final String CHANNEL_RULES =
            "resetkeys ~kairos:* resetchannels -@all +ping +hello +script|load +evalsha +get"
                    + " +exists +hgetall +zrevrange +xgroup|create +xreadgroup +xack +xautoclaim"
                    + " +xpending +cluster|slots";

    /**
     * The console ({@code ./kairos console}): a channel's reads (the top-offers script, profiles,
     * movement matrices) and SCAN, to count profiles per segment; nothing that writes, not even a
     * consumer group.
     */
    public static final String CONSOLE_RULES =
            "resetkeys ~kairos:* resetchannels -@all +ping +hello +script|load +evalsha +get"
                    + " +exists +hgetall +zrevrange +scan +cluster|slots";
}
