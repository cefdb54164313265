package io.kairos.deliver;

import io.kairos.events.PersonalizedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * Writes batches of messages to Redis in the contract-v1 layout ({@link RedisKeys}), one pipeline
 * round trip per batch.
 *
 * <p>Each write is a Lua script over the keys of one slot that does nothing when the message id
 * was written before. That makes a whole batch safe to repeat: after a timeout, a reconnect, a
 * restarted Redis that lost its scripts, or a Flink restore that replays messages, the retry
 * cannot put a second copy anywhere. Not thread-safe; one per sink writer.
 */
public final class RedisMessageStore implements AutoCloseable {
    private static final String WRITE_OFFER = loadScript("write_offer.lua");
    private static final String APPEND_STREAM = loadScript("append_stream.lua");

    private final RedisSinkConfig config;
    private final RedisClient client;
    private String writeOfferSha;
    private String appendStreamSha;

    public RedisMessageStore(RedisSinkConfig config) {
        this.config = config;
        this.client = RedisClient.create(URI.create(config.uri()));
    }

    /** Loads the scripts (again, after Redis lost them) and stamps the contract version. */
    public void prepare() {
        writeOfferSha = client.scriptLoad(WRITE_OFFER);
        appendStreamSha = client.scriptLoad(APPEND_STREAM);
        client.set(RedisKeys.CONTRACT_VERSION_KEY, Integer.toString(RedisKeys.CONTRACT_VERSION));
    }

    /**
     * Writes the batch in one pipeline. Messages whose expiry has passed at {@code nowMillis} are
     * skipped: a channel must not show them, and their dedup markers may be gone.
     *
     * @throws redis.clients.jedis.exceptions.JedisException on any failure; the batch may be
     *     partly written and can be retried as a whole
     */
    public BatchResult write(List<PersonalizedMessage> batch, long nowMillis) {
        if (writeOfferSha == null) {
            prepare();
        }
        List<Response<Object>> offerWrites = new ArrayList<>(batch.size());
        List<Response<Object>> streamWrites = new ArrayList<>();
        int expired = 0;
        String now = Long.toString(nowMillis);
        String maxOffers = Integer.toString(config.maxOffersPerCustomer());
        String streamMaxLength = Long.toString(config.streamMaxLength());
        try (AbstractPipeline pipeline = client.pipelined()) {
            for (PersonalizedMessage m : batch) {
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
                                        RedisKeys.offerExpiries(cid)),
                                args));
                if (RedisKeys.isPushChannel(m.getChannel())) {
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
        int written = count(offerWrites);
        int streamed = count(streamWrites);
        return new BatchResult(
                written,
                offerWrites.size() - written,
                streamed,
                streamWrites.size() - streamed,
                expired);
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

    private static int count(List<Response<Object>> responses) {
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
        try (InputStream in = RedisMessageStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/kairos/deliver/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read io/kairos/deliver/" + name, e);
        }
    }

    /** What one batch did. Duplicates are messages (or stream entries) already in Redis. */
    public record BatchResult(
            int messagesWritten,
            int duplicatesSkipped,
            int streamEntriesWritten,
            int streamDuplicatesSkipped,
            int expiredSkipped) {}
}
