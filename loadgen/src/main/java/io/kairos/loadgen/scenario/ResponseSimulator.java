package io.kairos.loadgen.scenario;

import io.kairos.events.Decision;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.loadgen.ProductCatalog.Product;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Simulated customers answering the messages they are sent, for a closed-loop evaluation. Each
 * offer has a hidden "true" conversion rate, between {@code minRate} and {@code maxRate} by a hash
 * of its id, scaled by the customer's archetype (regulars respond more, prospects and one-time
 * buyers less) and by {@code rateScale}, at most 0.95. A sent message converts with that
 * probability: the customer opens it, clicks, and converts (a CONVERTED response, and for an offer
 * of a product a purchase of that product, which is what the engine and the uplift report
 * attribute); otherwise they open it ({@code openRate}, then click with {@code clickRate}) or
 * dismiss it ({@code dismissRate}), or do nothing.
 *
 * <p>Everything about one message follows from (seed, messageId): the same decisions give the
 * same responses in any order. Times are after the send time (opened within 12 h, converted
 * within 3 days of the click), and never before {@code notBefore}, the instant up to which the
 * caller has already let event time pass (a response stamped earlier would be late).
 */
public final class ResponseSimulator {
    /** The simulation's knobs. */
    public record Settings(long seed, double minRate, double maxRate, double rateScale, double openRate,
                           double clickRate, double dismissRate) {
        public Settings {
            if (!(minRate >= 0 && minRate <= maxRate && maxRate <= 1) || !(rateScale >= 0)) {
                throw new IllegalArgumentException("rates must be 0 <= min <= max <= 1, scale >= 0");
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(seed, 0.02, 0.15, 1.0, 0.35, 0.3, 0.1);
        }
    }

    /** What a customer did with one message: responses in time order, and the purchase if any. */
    public record Reaction(List<OfferResponse> responses, PurchaseEvent purchase, boolean converted, double trueRate) {}

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    private final Settings settings;
    private final Map<String, Product> productByOffer;
    private final Map<String, Archetype> archetypes;

    /**
     * @param productByOffer offerId -> the product it offers (absent: an offer of no product)
     * @param archetypes customerId -> archetype (absent: factor 1)
     */
    public ResponseSimulator(Settings settings, Map<String, Product> productByOffer, Map<String, Archetype> archetypes) {
        this.settings = settings;
        this.productByOffer = Map.copyOf(productByOffer);
        this.archetypes = Map.copyOf(archetypes);
    }

    /** How likely a customer of this archetype is to respond, relative to the offer's rate. */
    public static double factor(Archetype archetype) {
        if (archetype == null) {
            return 1.0;
        }
        return switch (archetype) {
            case LOYAL_REGULAR -> 1.5;
            case BARGAIN_HUNTER -> 1.2;
            case OCCASIONAL -> 1.0;
            case DRIFTER -> 0.8;
            case PROSPECT, ONE_TIME -> 0.5;
        };
    }

    /** The offer's hidden base rate, before the customer's factor. */
    public double offerRate(String offerId) {
        double u = unit(settings.seed() + "|rate|" + offerId);
        return settings.minRate() + u * (settings.maxRate() - settings.minRate());
    }

    /** The probability that this customer converts this offer. */
    public double trueRate(String offerId, String customerId) {
        return Math.min(0.95, offerRate(offerId) * factor(archetypes.get(customerId)) * settings.rateScale());
    }

    /** The customer's answer to a SENT decision; nothing for any other outcome. */
    public Reaction react(Decision sent, long notBefore) {
        if (sent.getOutcome() != DecisionOutcome.SENT || sent.getMessageId() == null || sent.getOfferId() == null
                || sent.getChannel() == null) {
            return new Reaction(List.of(), null, false, 0);
        }
        String messageId = sent.getMessageId();
        SplittableRandom random = new SplittableRandom(
                UUID.nameUUIDFromBytes((settings.seed() + "|" + messageId).getBytes(StandardCharsets.UTF_8))
                        .getMostSignificantBits());
        double rate = trueRate(sent.getOfferId(), sent.getCustomerId());
        long t = Math.max(notBefore, Math.max(sent.getSendAt(), sent.getDecidedAt()));
        List<OfferResponse> responses = new ArrayList<>();
        PurchaseEvent purchase = null;
        boolean converted = random.nextDouble() < rate;
        if (converted) {
            t += between(random, 5 * MINUTE, 6 * HOUR);
            responses.add(response(sent, OfferResponseType.OPENED, t));
            t += between(random, MINUTE, 20 * MINUTE);
            responses.add(response(sent, OfferResponseType.CLICKED, t));
            t += between(random, 5 * MINUTE, 72 * HOUR);
            responses.add(response(sent, OfferResponseType.CONVERTED, t));
            Product product = productByOffer.get(sent.getOfferId());
            if (product != null) {
                purchase = PurchaseEvent.newBuilder()
                        .setEventId("sim-purchase-" + messageId)
                        .setEventTime(t)
                        .setCustomerId(sent.getCustomerId())
                        .setOrderId("sim-order-" + messageId)
                        .setLines(List.of(OrderLine.newBuilder()
                                .setProductId(product.id())
                                .setCategory(product.category())
                                .setQuantity(1)
                                .setUnitPrice(product.price())
                                .build()))
                        .build();
            }
        } else if (random.nextDouble() < settings.openRate()) {
            t += between(random, 5 * MINUTE, 12 * HOUR);
            responses.add(response(sent, OfferResponseType.OPENED, t));
            if (random.nextDouble() < settings.clickRate()) {
                t += between(random, MINUTE, 20 * MINUTE);
                responses.add(response(sent, OfferResponseType.CLICKED, t));
            }
        } else if (random.nextDouble() < settings.dismissRate()) {
            t += between(random, MINUTE, 6 * HOUR);
            responses.add(response(sent, OfferResponseType.DISMISSED, t));
        }
        return new Reaction(responses, purchase, converted, rate);
    }

    private static OfferResponse response(Decision sent, OfferResponseType type, long at) {
        return OfferResponse.newBuilder()
                .setEventId("sim-" + sent.getMessageId() + "-" + type.name().toLowerCase(java.util.Locale.ROOT))
                .setEventTime(at)
                .setCustomerId(sent.getCustomerId())
                .setMessageId(sent.getMessageId())
                .setOfferId(sent.getOfferId())
                .setChannel(sent.getChannel())
                .setType(type)
                .build();
    }

    private static long between(SplittableRandom random, long from, long to) {
        return from + (long) (random.nextDouble() * (to - from));
    }

    private static double unit(String key) {
        long msb = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        return (msb >>> 11) * 0x1.0p-53;
    }
}
