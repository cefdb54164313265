package io.kairos.deliver;

import io.kairos.channel.ContractKeys;
import io.kairos.channel.Sha1;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.ProfileSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterCommandObjects;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Writes batches of {@link RedisUpdate}s to Redis in the contract-v3 layout ({@link ContractKeys}),
 * one pipeline round trip per batch (on a Redis Cluster, one per node, sent in parallel).
 *
 * <p>Each write is a Lua script over the keys of one slot that is idempotent: a message id is
 * written once (its offer entry, body and stream entry together, atomically), a profile only
 * replaces an older one, a movement count only goes up, a forget can be repeated, a withdrawal
 * takes out only messages sent at or before its time. That makes a whole batch safe to repeat: after a timeout, a reconnect, a
 * restarted Redis that lost its scripts, or a Flink restore that replays updates, the retry
 * cannot put a second copy anywhere nor move anything backwards. The writes of one customer run
 * in the order the keyed operator made them. Not thread-safe; one per sink writer.
 */
public final class RedisStore implements AutoCloseable {
    private static final String WRITE_MESSAGE = loadScript("write_message.lua");
    private static final String WRITE_PROFILE = loadScript("write_profile.lua");
    private static final String FORGET_CUSTOMER = loadScript("forget_customer.lua");
    private static final String WRITE_MOVEMENT = loadScript("write_movement.lua");
    private static final String WITHDRAW_MESSAGES = loadScript("withdraw_messages.lua");

    private final RedisSinkConfig config;
    private final UnifiedJedis client;
    private String writeMessageSha;
    private String writeProfileSha;
    private String forgetCustomerSha;
    private String writeMovementSha;
    private String withdrawMessagesSha;

    public RedisStore(RedisSinkConfig config) {
        this.config = config;
        this.client = config.endpoint().open();
    }

    /**
     * Loads the scripts (again, after Redis lost them; on every primary of a cluster) and stamps
     * the contract version.
     */
    public void prepare() {
        writeMessageSha = load(WRITE_MESSAGE);
        writeProfileSha = load(WRITE_PROFILE);
        forgetCustomerSha = load(FORGET_CUSTOMER);
        writeMovementSha = load(WRITE_MOVEMENT);
        withdrawMessagesSha = load(WITHDRAW_MESSAGES);
        client.set(ContractKeys.CONTRACT_VERSION_KEY, Integer.toString(ContractKeys.CONTRACT_VERSION));
    }

    private String load(String script) {
        if (client instanceof RedisClusterClient cluster) {
            // A script cache is per node: every primary needs it (the replies are the same SHA).
            cluster.broadcastCommand(new ClusterCommandObjects(RedisProtocol.RESP2).scriptLoad(script));
            return Sha1.hex(script);
        }
        return client.scriptLoad(script);
    }

    /** {@link #write(List, EventTimeExpiry)} with event time at the wall clock, as live. */
    public BatchResult write(List<RedisUpdate> batch, long nowMillis) {
        return write(batch, EventTimeExpiry.wallClock(nowMillis));
    }

    /**
     * Writes the batch in one pipeline, in order. Keys expire after what is left of their
     * lifetime at the job's event time ({@link EventTimeExpiry}); messages, profiles and movement
     * counts whose expiry has already passed in event time are skipped and counted: a channel
     * must not show them, and a message's dedup marker may be gone.
     *
     * @throws redis.clients.jedis.exceptions.JedisException on any failure; the batch may be
     *     partly written and can be retried as a whole
     */
    public BatchResult write(List<RedisUpdate> batch, EventTimeExpiry expiry) {
        long nowMillis = expiry.wallNowMillis();
        if (writeMessageSha == null) {
            prepare();
        }
        List<Response<Object>> messageWrites = new ArrayList<>(batch.size());
        List<Boolean> pushed = new ArrayList<>(batch.size());
        List<Response<Object>> profileWrites = new ArrayList<>();
        List<Response<Object>> forgets = new ArrayList<>();
        List<Response<Object>> movementWrites = new ArrayList<>();
        List<Response<Object>> withdrawals = new ArrayList<>();
        int expired = 0;
        int expiredProfiles = 0;
        int expiredMovements = 0;
        int refusedInBatch = 0;
        int pushRefusedInBatch = 0;
        Set<String> forgottenInBatch = BatchLookahead.forgottenIn(batch, nowMillis);
        boolean[] superseded = BatchLookahead.supersededProfiles(batch, expiry);
        int supersededProfiles = 0;
        String now = Long.toString(nowMillis);
        String maxOffers = Integer.toString(config.maxOffersPerCustomer());
        String streamMaxLength = Long.toString(config.streamShardMaxLength());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (int i = 0; i < batch.size(); i++) {
                RedisUpdate update = batch.get(i);
                if (update.profile != null) {
                    ProfileSnapshot p = update.profile;
                    if (superseded[i]) {
                        supersededProfiles++;
                    } else if (expiry.expired(p.getExpiresAt(), p.getUpdatedAt())) {
                        expiredProfiles++;
                    } else {
                        profileWrites.add(writeProfile(pipeline, p, expiry.redisExpireAt(p.getExpiresAt(), p.getUpdatedAt())));
                    }
                    continue;
                }
                if (update.forget != null) {
                    CustomerForget f = update.forget;
                    forgets.add(pipeline.evalsha(
                            forgetCustomerSha,
                            List.of(
                                    ContractKeys.forgotten(f.customerId),
                                    ContractKeys.profile(f.customerId),
                                    ContractKeys.offers(f.customerId),
                                    ContractKeys.offerExpiries(f.customerId)),
                            List.of(
                                    Long.toString(f.forgottenAt),
                                    Long.toString(f.retentionUntil),
                                    ContractKeys.messagePrefix(f.customerId))));
                    continue;
                }
                if (update.withdraw != null) {
                    MessageWithdrawal w = update.withdraw;
                    withdrawals.add(pipeline.evalsha(
                            withdrawMessagesSha,
                            List.of(ContractKeys.offers(w.customerId), ContractKeys.offerExpiries(w.customerId)),
                            List.of(ContractKeys.messagePrefix(w.customerId), w.channel.name(), Long.toString(w.at))));
                    continue;
                }
                if (update.movement != null) {
                    MovementCount m = update.movement;
                    // A count has no event time of its own; before any watermark it lives as live.
                    if (expiry.expired(m.expiresAt, nowMillis)) {
                        expiredMovements++;
                        continue;
                    }
                    movementWrites.add(pipeline.evalsha(
                            writeMovementSha,
                            List.of(ContractKeys.movements(m.period)),
                            List.of(m.field(), Long.toString(m.count),
                                    Long.toString(expiry.redisExpireAt(m.expiresAt, nowMillis)))));
                    continue;
                }
                PersonalizedMessage m = Objects.requireNonNull(update.message, "empty RedisUpdate");
                if (expiry.expired(m.getExpiresAt(), m.getCreatedAt())) {
                    expired++;
                    continue;
                }
                // Redis's clock from here on: the expiry index holds when each body's key goes.
                long expireAt = expiry.redisExpireAt(m.getExpiresAt(), m.getCreatedAt());
                String cid = m.getCustomerId();
                String id = m.getMessageId();
                boolean push = ContractKeys.isPushChannel(m.getChannel());
                if (forgottenInBatch.contains(cid)) {
                    // A forget later in this batch wins: its script would delete the offer, but
                    // not a stream entry, which a channel may already have read.
                    refusedInBatch++;
                    pushRefusedInBatch += push ? 1 : 0;
                    continue;
                }
                List<String> keys = new ArrayList<>(6);
                keys.add(ContractKeys.message(cid, id));
                keys.add(ContractKeys.offers(cid));
                keys.add(ContractKeys.offerExpiries(cid));
                keys.add(ContractKeys.forgotten(cid));
                keys.add(ContractKeys.sent(cid, id));
                if (push) {
                    keys.add(ContractKeys.stream(cid, m.getChannel()));
                }
                List<String> args = new ArrayList<>(32);
                args.add(id);
                args.add(cid);
                args.add(Long.toString(expireAt));
                args.add(Double.toString(m.getScore()));
                args.add(now);
                args.add(maxOffers);
                args.add(Long.toString(expireAt + config.dedupGraceMillis()));
                args.add(streamMaxLength);
                addMessageFields(args, m);
                messageWrites.add(pipeline.evalsha(writeMessageSha, keys, args));
                pushed.add(push);
            }
            pipeline.sync();
        }
        try {
            BatchResult result = results(messageWrites, pushed, profileWrites, forgets, movementWrites,
                    expired, refusedInBatch, pushRefusedInBatch);
            result.expiredProfilesSkipped = expiredProfiles;
            result.profilesSuperseded = supersededProfiles;
            result.expiredMovementsSkipped = expiredMovements;
            for (Response<Object> r : withdrawals) {
                result.messagesWithdrawn += (Long) r.get();
                result.withdrawals++;
            }
            return result;
        } catch (IllegalStateException noReply) {
            // A cluster pipeline leaves the replies of a node it could not reach unset.
            throw new JedisConnectionException("a Redis node did not answer the pipeline", noReply);
        }
    }

    private static BatchResult results(
            List<Response<Object>> messageWrites,
            List<Boolean> pushed,
            List<Response<Object>> profileWrites,
            List<Response<Object>> forgets,
            List<Response<Object>> movementWrites,
            int expired,
            int refusedInBatch,
            int pushRefusedInBatch) {
        // get() rethrows a command's error (e.g. NOSCRIPT after a Redis restart).
        BatchResult result = new BatchResult();
        for (int i = 0; i < messageWrites.size(); i++) {
            long code = (Long) messageWrites.get(i).get();
            boolean push = pushed.get(i);
            if (code == 1) {
                result.messagesWritten++;
                if (push) {
                    result.streamEntriesWritten++;
                }
            } else if (code == 0) {
                result.duplicatesSkipped++;
                if (push) {
                    result.streamDuplicatesSkipped++;
                }
            } else {
                result.writesRefusedForgotten++;
                if (push) {
                    result.pushEntriesRefusedForgotten++;
                }
            }
        }
        result.expiredSkipped = expired;
        result.writesRefusedForgotten += refusedInBatch;
        result.pushEntriesRefusedForgotten += pushRefusedInBatch;
        for (Response<Object> r : profileWrites) {
            long code = (Long) r.get();
            if (code == 1) {
                result.profilesWritten++;
            } else if (code == 0) {
                result.staleProfilesSkipped++;
            } else {
                result.writesRefusedForgotten++;
            }
        }
        for (Response<Object> r : forgets) {
            r.get();
            result.customersForgotten++;
        }
        result.movementCountsWritten = ones(movementWrites);
        return result;
    }

    private Response<Object> writeProfile(AbstractPipeline pipeline, ProfileSnapshot p, long redisExpireAt) {
        String cid = p.getCustomerId();
        List<String> args = new ArrayList<>(34);
        args.add(Long.toString(p.getUpdatedAt()));
        args.add(Long.toString(redisExpireAt));
        addField(args, "updatedAt", Long.toString(p.getUpdatedAt()));
        addField(args, "segment", p.getSegment());
        addField(args, "lifecycle", p.getLifecycle());
        addField(args, "churnRisk", Double.toString(p.getChurnRisk()));
        addField(args, "atRisk", Boolean.toString(p.getAtRisk()));
        addField(args, "churnReasons", JsonStrings.array(p.getChurnReasons()));
        addField(args, "lastSeen", Long.toString(p.getLastSeen()));
        addField(args, "lastPurchaseAt", Long.toString(p.getLastPurchaseAt()));
        addField(args, "purchaseCount", Integer.toString(p.getPurchaseCount()));
        addField(args, "totalValue", Double.toString(p.getTotalValue()));
        addField(args, "topCategories", JsonStrings.array(p.getTopCategories()));
        addField(args, "expiresAt", Long.toString(p.getExpiresAt()));
        addField(args, "consents", JsonStrings.array(p.getConsents()));
        addField(args, "typicalGapDays", Double.toString(p.getTypicalGapDays()));
        addField(args, "firstPurchaseAt", Long.toString(p.getFirstPurchaseAt()));
        addField(args, "pChurn", Double.toString(p.getPChurn()));
        addField(args, "pAlive", Double.toString(p.getPAlive()));
        addField(args, "expectedPurchases", Double.toString(p.getExpectedPurchases()));
        return pipeline.evalsha(
                writeProfileSha, List.of(ContractKeys.profile(cid), ContractKeys.forgotten(cid)), args);
    }

    private static void addField(List<String> out, String field, String value) {
        out.add(field);
        out.add(value);
    }

    /** Fields of the message hash; stream entries carry the same ones. */
    private static void addMessageFields(List<String> out, PersonalizedMessage m) {
        out.add("offerId");
        out.add(m.getOfferId());
        out.add("trigger");
        out.add(m.getTrigger().name());
        out.add("channel");
        out.add(m.getChannel().name());
        out.add("title");
        out.add(m.getTitle());
        if (m.getProductId() != null) {
            out.add("productId");
            out.add(m.getProductId());
        }
        out.add("score");
        out.add(Double.toString(m.getScore()));
        out.add("reason");
        out.add(m.getReason());
        out.add("causeEventId");
        out.add(m.getCauseEventId());
        out.add("createdAt");
        out.add(Long.toString(m.getCreatedAt()));
        out.add("expiresAt");
        out.add(Long.toString(m.getExpiresAt()));
        out.add("sendAt");
        out.add(Long.toString(m.getSendAt() == 0 ? m.getCreatedAt() : m.getSendAt()));
        out.add("catalogVersion");
        out.add(Long.toString(m.getCatalogVersion()));
        if (m.getTransactional()) {
            out.add("transactional");
            out.add("true");
        }
        for (Map.Entry<String, String> var : m.getTemplateVars().entrySet()) {
            out.add("var." + var.getKey());
            out.add(var.getValue());
        }
    }

    private static int ones(List<Response<Object>> responses) {
        int ones = 0;
        for (Response<Object> r : responses) {
            if (((Long) r.get()) == 1L) {
                ones++;
            }
        }
        return ones;
    }

    @Override
    public void close() {
        client.close();
    }

    private static String loadScript(String name) {
        try (InputStream in = RedisStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/kairos/deliver/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read io/kairos/deliver/" + name, e);
        }
    }

    /**
     * What one batch did. Duplicates are messages (or stream entries) already in Redis; stale
     * profiles are older than the one stored; refused writes are for forgotten customers.
     */
    public static final class BatchResult {
        public int messagesWritten;
        public int duplicatesSkipped;
        public int streamEntriesWritten;
        public int streamDuplicatesSkipped;
        /** Messages already expired in event time when written. */
        public int expiredSkipped;
        /** Profiles already expired in event time (last seen longer than the profile TTL ago). */
        public int expiredProfilesSkipped;
        /** Movement counts of a period whose matrix had already expired in event time. */
        public int expiredMovementsSkipped;
        public int profilesWritten;
        public int staleProfilesSkipped;
        /** Profiles not sent because a later one of the same customer was in the same batch. */
        public int profilesSuperseded;
        public int customersForgotten;
        public int writesRefusedForgotten;
        public int pushEntriesRefusedForgotten;
        public int movementCountsWritten;
        /** Withdrawals applied (consents revoked), and the messages they took out of Redis. */
        public int withdrawals;
        public long messagesWithdrawn;

        @Override
        public String toString() {
            return "messages " + messagesWritten + " (+" + duplicatesSkipped + " duplicates, "
                    + expiredSkipped + " expired), stream entries " + streamEntriesWritten
                    + " (+" + streamDuplicatesSkipped + " duplicates), profiles " + profilesWritten
                    + " (+" + staleProfilesSkipped + " stale, " + expiredProfilesSkipped + " expired, " + profilesSuperseded + " superseded), forgotten " + customersForgotten
                    + ", refused " + writesRefusedForgotten + "+" + pushEntriesRefusedForgotten
                    + ", movement counts " + movementCountsWritten + " (+" + expiredMovementsSkipped + " expired), withdrawn " + messagesWithdrawn
                    + " (" + withdrawals + " withdrawals)";
        }
    }
}
