package io.kairos.loadgen.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.events.Channel;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a scenario planted, written next to its events as JSON lines (one object per line, its
 * {@code kind} first): every customer with archetype, consents and birthday; each churn; each
 * cart abandonment; each cross-sell moment. Times are epoch ms UTC. The accuracy report scores
 * the engine's signals and messages against it.
 */
public final class GroundTruth {
    /** One line of the truth file. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CustomerTruth.class, name = "customer"),
        @JsonSubTypes.Type(value = ChurnTruth.class, name = "churn"),
        @JsonSubTypes.Type(value = CartTruth.class, name = "cart-abandonment"),
        @JsonSubTypes.Type(value = CrossSellTruth.class, name = "cross-sell")
    })
    public sealed interface Entry permits CustomerTruth, ChurnTruth, CartTruth, CrossSellTruth {
        String customer();
    }

    /** A consent given at {@code grantedAt}, withdrawn at {@code revokedAt} (null: never). */
    public record ConsentSpan(long grantedAt, Long revokedAt) {
        public boolean coversAt(long t) {
            return t >= grantedAt && (revokedAt == null || t < revokedAt);
        }
    }

    /** A customer as they registered: archetype, time zone, birthday (null if not told), consents. */
    public record CustomerTruth(String customer, Archetype archetype, long registeredAt, String timeZone,
                                String birthday, Map<Channel, ConsentSpan> consents) implements Entry {
        public boolean consentedAt(Channel channel, long t) {
            ConsentSpan span = consents.get(channel);
            return span != null && span.coversAt(t);
        }
    }

    /**
     * A planted churn. A DRIFTER bought every {@code typicalGapDays} (their own rhythm), bought
     * less often from {@code slowingFrom}, and made no purchase and no visit from {@code
     * churnFrom} on; {@code lastPurchase} is their last one. A ONE_TIME buyer churns right after
     * their only purchase ({@code slowingFrom} = {@code lastPurchase}; {@code churnFrom} after
     * their last visit; {@code typicalGapDays} 0: no rhythm of their own).
     */
    public record ChurnTruth(String customer, Archetype archetype, long lastPurchase, long slowingFrom,
                             long churnFrom, double typicalGapDays, int purchases) implements Entry {}

    /**
     * A session that put {@code products} in the cart and ended without checkout; {@code cartTime}
     * is its last cart change. {@code reachable}: the customer had consent on a channel a cart
     * reminder can use (PUSH, EMAIL, SMS, APP, the job's default) at that time.
     */
    public record CartTruth(String customer, String sessionId, long cartTime, List<String> products,
                            boolean reachable) implements Entry {}

    /**
     * A purchase of a main product that cross-sell offers list accessories for, of which the
     * customer owned none before. {@code reachableOffers}: those with a channel the customer
     * consented to at the purchase; a moment without any is recorded with {@code reachable} false.
     */
    public record CrossSellTruth(String customer, String purchaseEventId, long time, String productId,
                                 List<String> reachableOffers, boolean reachable) implements Entry {}

    static final ObjectMapper JSON = new ObjectMapper();

    public final List<CustomerTruth> customers = new ArrayList<>();
    public final List<ChurnTruth> churns = new ArrayList<>();
    public final List<CartTruth> carts = new ArrayList<>();
    public final List<CrossSellTruth> crossSells = new ArrayList<>();

    public void add(Entry e) {
        if (e instanceof CustomerTruth c) {
            customers.add(c);
        } else if (e instanceof ChurnTruth c) {
            churns.add(c);
        } else if (e instanceof CartTruth c) {
            carts.add(c);
        } else if (e instanceof CrossSellTruth c) {
            crossSells.add(c);
        }
    }

    public static GroundTruth read(Path file) throws IOException {
        GroundTruth truth = new GroundTruth();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    truth.add(JSON.readValue(line, Entry.class));
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        return truth;
    }

    /** Writes entries as JSON lines, as they are planted. */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter out;

        public Writer(Path file) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        public void write(Entry e) throws IOException {
            out.write(JSON.writerFor(Entry.class).writeValueAsString(e));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
