package io.kairos.deliver;

import io.kairos.events.PersonalizedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import io.kairos.events.ProfileSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Writes batches of {@link RedisUpdate}s to Redis in the contract-v2 layout ({@link RedisKeys}),
 * one pipeline round trip per batch (two when the batch has push messages; see below).
 *
 * <p>Each write is a Lua script over the keys of one slot that is idempotent: a message id is
 * written once, a profile only replaces an older one, a movement count only goes up, a forget
 * can be repeated. That makes a whole batch safe to repeat: after a timeout, a reconnect, a
 * restarted Redis that lost its scripts, or a Flink restore that replays updates, the retry
 * cannot put a second copy anywhere nor move anything backwards. The writes of one customer run
 * in the order the keyed operator made them. Not thread-safe; one per sink writer.
 */
public final class RedisStore implements AutoCloseable {
    private static final String WRITE_OFFER = loadScript("write_offer.lua");
    private static final String APPEND_STREAM = loadScript("append_stream.lua");
    private static final String WRITE_PROFILE = loadScript("write_profile.lua");
    private static final String FORGET_CUSTOMER = loadScript("forget_customer.lua");
    private static final String WRITE_MOVEMENT = loadScript("write_movement.lua");

    private final RedisSinkConfig config;
    private final RedisClient client;
    private String writeOfferSha;
    private String appendStreamSha;
    private String writeProfileSha;
    private String forgetCustomerSha;
    private String writeMovementSha;

    public RedisStore(RedisSinkConfig config) {
        this.config = config;
        this.client = RedisClient.create(URI.create(config.uri()));
    }

    /** Loads the scripts (again, after Redis lost them) and stamps the contract version. */
    public void prepare() {
        writeOfferSha = client.scriptLoad(WRITE_OFFER);
        appendStreamSha = client.scriptLoad(APPEND_STREAM);
        writeProfileSha = client.scriptLoad(WRITE_PROFILE);
        forgetCustomerSha = client.scriptLoad(FORGET_CUSTOMER);
        writeMovementSha = client.scriptLoad(WRITE_MOVEMENT);
        client.set(RedisKeys.CONTRACT_VERSION_KEY, Integer.toString(RedisKeys.CONTRACT_VERSION));
    }

    /**
     * Writes the batch in one pipeline, in order. Messages whose expiry has passed at {@code
     * nowMillis} are skipped: a channel must not show them, and their dedup markers may be gone.
     *
     * <p>A push message's stream entry lives in its channel's slot, not the customer's, so its
     * script cannot see the customer's tombstone; the tombstones of the customers with push
     * messages are read first, in one extra round trip, and those messages skipped.
     *
     * @throws redis.clients.jedis.exceptions.JedisException on any failure; the batch may be
     *     partly written and can be retried as a whole
     */
    public BatchResult write(List<RedisUpdate> batch, long nowMillis) {
        if (writeOfferSha == null) {
            prepare();
        }
        Set<String> forgotten = forgottenAmongPushRecipients(batch, nowMillis);
        List<Response<Object>> offerWrites = new ArrayList<>(batch.size());
        List<Response<Object>> streamWrites = new ArrayList<>();
        List<Response<Object>> profileWrites = new ArrayList<>();
        List<Response<Object>> forgets = new ArrayList<>();
        List<Response<Object>> movementWrites = new ArrayList<>();
        int expired = 0;
        int pushRefused = 0;
        String now = Long.toString(nowMillis);
        String maxOffers = Integer.toString(config.maxOffersPerCustomer());
        String streamMaxLength = Long.toString(config.streamMaxLength());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (RedisUpdate update : batch) {
                if (update.profile != null) {
                    profileWrites.add(writeProfile(pipeline, update.profile));
                    continue;
                }
                if (update.forget != null) {
                    CustomerForget f = update.forget;
                    forgets.add(pipeline.evalsha(
                            forgetCustomerSha,
                            List.of(
                                    RedisKeys.forgotten(f.customerId),
                                    RedisKeys.profile(f.customerId),
                                    RedisKeys.offers(f.customerId),
                                    RedisKeys.offerExpiries(f.customerId)),
                            List.of(
                                    Long.toString(f.forgottenAt),
                                    Long.toString(f.retentionUntil),
                                    RedisKeys.messagePrefix(f.customerId))));
                    continue;
                }
                if (update.movement != null) {
                    MovementCount m = update.movement;
                    movementWrites.add(pipeline.evalsha(
                            writeMovementSha,
                            List.of(RedisKeys.movements(m.period)),
                            List.of(m.field(), Long.toString(m.count), Long.toString(m.expiresAt))));
                    continue;
                }
                PersonalizedMessage m = Objects.requireNonNull(update.message, "empty RedisUpdate");
                if (m.getExpiresAt() <= nowMillis) {
                    expired++;
                    continue;
                }
                String cid = m.getCustomerId();
                String id = m.getMessageId();
                String expiresAt = Long.toString(m.getExpiresAt());
                List<String> args = new ArrayList<>(32);
                args.add(id);
                args.add(expiresAt);
                args.add(Double.toString(m.getScore()));
                args.add(now);
                args.add(maxOffers);
                addMessageFields(args, m);
                offerWrites.add(
                        pipeline.evalsha(
                                writeOfferSha,
                                List.of(
                                        RedisKeys.message(cid, id),
                                        RedisKeys.offers(cid),
                                        RedisKeys.offerExpiries(cid),
                                        RedisKeys.forgotten(cid)),
                                args));
                if (RedisKeys.isPushChannel(m.getChannel())) {
                    if (forgotten.contains(cid)) {
                        pushRefused++;
                        continue;
                    }
                    List<String> entry = new ArrayList<>(32);
                    entry.add(expiresAt);
                    entry.add(streamMaxLength);
                    entry.add("messageId");
                    entry.add(id);
                    entry.add("customerId");
                    entry.add(cid);
                    entry.add("messageKey");
                    entry.add(RedisKeys.message(cid, id));
                    addMessageFields(entry, m);
                    streamWrites.add(
                            pipeline.evalsha(
                                    appendStreamSha,
                                    List.of(
                                            RedisKeys.stream(m.getChannel()),
                                            RedisKeys.streamed(m.getChannel(), id)),
                                    entry));
                }
            }
            pipeline.sync();
        }
        // get() rethrows a command's error (e.g. NOSCRIPT after a Redis restart).
        BatchResult result = new BatchResult();
        for (Response<Object> r : offerWrites) {
            long code = (Long) r.get();
            if (code == 1) {
                result.messagesWritten++;
            } else if (code == 0) {
                result.duplicatesSkipped++;
            } else {
                result.writesRefusedForgotten++;
            }
        }
        result.streamEntriesWritten = ones(streamWrites);
        result.streamDuplicatesSkipped = streamWrites.size() - result.streamEntriesWritten;
        result.expiredSkipped = expired;
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
        result.pushEntriesRefusedForgotten = pushRefused;
        return result;
    }

    /**
     * The customers with a push message in the batch whose tombstone is set, either already in
     * Redis or by a forget earlier in the same batch.
     */
    private Set<String> forgottenAmongPushRecipients(List<RedisUpdate> batch, long nowMillis) {
        Set<String> recipients = new LinkedHashSet<>();
        Set<String> forgottenInBatch = new HashSet<>();
        for (RedisUpdate u : batch) {
            if (u.forget != null && u.forget.retentionUntil > nowMillis) {
                forgottenInBatch.add(u.forget.customerId);
            } else if (u.message != null && RedisKeys.isPushChannel(u.message.getChannel())) {
                recipients.add(u.message.getCustomerId());
            }
        }
        Set<String> forgotten = new HashSet<>(forgottenInBatch);
        if (recipients.isEmpty()) {
            return forgotten;
        }
        Map<String, Response<Boolean>> exists = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (String cid : recipients) {
                exists.put(cid, pipeline.exists(RedisKeys.forgotten(cid)));
            }
            pipeline.sync();
        }
        exists.forEach((cid, tombstone) -> {
            if (tombstone.get()) {
                forgotten.add(cid);
            }
        });
        return forgotten;
    }

    private Response<Object> writeProfile(AbstractPipeline pipeline, ProfileSnapshot p) {
        String cid = p.getCustomerId();
        List<String> args = new ArrayList<>(28);
        args.add(Long.toString(p.getUpdatedAt()));
        args.add(Long.toString(p.getExpiresAt()));
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
        return pipeline.evalsha(
                writeProfileSha, List.of(RedisKeys.profile(cid), RedisKeys.forgotten(cid)), args);
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
        public int expiredSkipped;
        public int profilesWritten;
        public int staleProfilesSkipped;
        public int customersForgotten;
        public int writesRefusedForgotten;
        public int pushEntriesRefusedForgotten;
        public int movementCountsWritten;

        @Override
        public String toString() {
            return "messages " + messagesWritten + " (+" + duplicatesSkipped + " duplicates, "
                    + expiredSkipped + " expired), stream entries " + streamEntriesWritten
                    + " (+" + streamDuplicatesSkipped + " duplicates), profiles " + profilesWritten
                    + " (+" + staleProfilesSkipped + " stale), forgotten " + customersForgotten
                    + ", refused " + writesRefusedForgotten + "+" + pushEntriesRefusedForgotten
                    + ", movement counts " + movementCountsWritten;
        }
    }
}
