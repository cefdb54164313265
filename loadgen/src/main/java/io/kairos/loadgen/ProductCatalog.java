package io.kairos.loadgen;

import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic assortment: products in categories with prices, some of them "main"
 * products (cameras, phones, laptops, headphones) that accessories fit, and the offer catalog
 * that makes those accessories cross-sell offers. The same seed gives the same assortment.
 */
public final class ProductCatalog {
    /** Categories whose first products take accessories, with their price range. */
    private static final String[] MAIN_CATEGORIES = {"cameras", "phones", "laptops", "headphones"};

    private static final String[] OTHER_CATEGORIES = {"shoes", "books", "kitchen", "garden"};
    private static final int PRODUCTS_PER_CATEGORY = 25;
    private static final int MAIN_PRODUCTS_PER_CATEGORY = 10;
    private static final int ACCESSORIES_PER_CATEGORY = 12;
    private static final List<Channel> OFFER_CHANNELS =
            List.of(Channel.EMAIL, Channel.PUSH, Channel.APP, Channel.WEB);

    /** A product on sale. */
    public record Product(String id, String category, double price, boolean takesAccessories) {}

    private final Map<String, Product> products = new LinkedHashMap<>();
    private final List<Product> browsable = new ArrayList<>();
    private final List<Product> withAccessories = new ArrayList<>();
    private final Map<String, List<String>> fitsByAccessory = new LinkedHashMap<>();
    private final Map<String, Double> weightByAccessory = new LinkedHashMap<>();
    private final Map<String, List<Channel>> channelsByAccessory = new LinkedHashMap<>();

    public ProductCatalog(long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        for (String category : MAIN_CATEGORIES) {
            double base = 80 + random.nextInt(700);
            List<Product> mains = new ArrayList<>();
            for (int i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
                Product p =
                        add(
                                category,
                                i,
                                round(base * (0.5 + random.nextDouble())),
                                i < MAIN_PRODUCTS_PER_CATEGORY);
                browsable.add(p);
                if (p.takesAccessories()) {
                    mains.add(p);
                    withAccessories.add(p);
                }
            }
            // Each accessory fits a few of the category's main products.
            String accessoryCategory = category + "-accessories";
            for (int a = 0; a < ACCESSORIES_PER_CATEGORY; a++) {
                Product accessory = add(accessoryCategory, a, round(5 + random.nextDouble() * 60), false);
                browsable.add(accessory);
                List<Product> shuffled = new ArrayList<>(mains);
                Collections.shuffle(shuffled, random);
                List<String> fits = new ArrayList<>();
                for (Product main : shuffled.subList(0, 2 + random.nextInt(4))) {
                    fits.add(main.id());
                }
                fitsByAccessory.put(accessory.id(), fits);
                weightByAccessory.put(accessory.id(), round(0.2 + 0.8 * random.nextDouble()));
                EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
                for (Channel c : OFFER_CHANNELS) {
                    if (random.nextDouble() < 0.6) {
                        channels.add(c);
                    }
                }
                if (channels.isEmpty()) {
                    channels.add(Channel.EMAIL);
                }
                channelsByAccessory.put(accessory.id(), List.copyOf(channels));
            }
        }
        for (String category : OTHER_CATEGORIES) {
            double base = 10 + random.nextInt(120);
            for (int i = 0; i < PRODUCTS_PER_CATEGORY; i++) {
                browsable.add(add(category, i, round(base * (0.5 + random.nextDouble())), false));
            }
        }
    }

    private Product add(String category, int index, double price, boolean takesAccessories) {
        Product p = new Product(String.format("p-%s-%02d", category, index), category, price, takesAccessories);
        products.put(p.id(), p);
        return p;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** One cross-sell offer per accessory, for the products it fits; what ops would publish. */
    public List<OfferCatalogEntry> bootstrapOffers(long nowMillis) {
        List<OfferCatalogEntry> offers = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : fitsByAccessory.entrySet()) {
            Product accessory = products.get(e.getKey());
            offers.add(
                    OfferCatalogEntry.newBuilder()
                            .setOfferId("offer-" + accessory.id())
                            .setTitle("Goes with what you bought: " + accessory.id())
                            .setProductId(accessory.id())
                            .setCategory(accessory.category())
                            .setAccessoryFor(e.getValue())
                            .setChannels(channelsByAccessory.get(accessory.id()))
                            .setValue(round(accessory.price() * 0.3))
                            .setPriorityWeight(weightByAccessory.get(accessory.id()))
                            .setValidFrom(null)
                            .setValidUntil(null)
                            .setUpdatedAt(nowMillis)
                            .build());
        }
        return offers;
    }

    /**
     * Offers for the moments other than cross-sell, what a shop would publish next to its
     * accessories: a birthday voucher, two win-back offers (one for everyone at risk, a richer one
     * for the top two segments), a thank-you for customers who reach the top segment, and browse
     * intent offers, one per category (no product: a category voucher) and one per main product
     * (that product, so a conversion is a purchase of it). Each names its trigger, so none of
     * them is a cross-sell candidate. Deterministic: no randomness beyond the assortment's.
     */
    public List<OfferCatalogEntry> momentOffers(long nowMillis) {
        List<OfferCatalogEntry> offers = new ArrayList<>();
        offers.add(momentOffer("offer-birthday-voucher", "Happy birthday: 10 EUR off your next order",
                Trigger.BIRTHDAY, List.of(Channel.EMAIL, Channel.PUSH, Channel.APP), 10, nowMillis).build());
        offers.add(momentOffer("offer-win-back-10", "We miss you: 10% off", Trigger.WIN_BACK,
                List.of(Channel.EMAIL, Channel.PUSH, Channel.SMS), 8, nowMillis).build());
        offers.add(momentOffer("offer-win-back-vip-25", "We miss you: 25 EUR off, for our best customers",
                Trigger.WIN_BACK, List.of(Channel.EMAIL, Channel.SMS, Channel.PUSH), 25, nowMillis)
                .setSegments(List.of("TOP", "HIGH"))
                .build());
        offers.add(momentOffer("offer-vip-thank-you", "Thank you: free express shipping for a year",
                Trigger.VIP_THANK_YOU, List.of(Channel.EMAIL, Channel.APP), 15, nowMillis)
                .setSegments(List.of("TOP"))
                .build());
        for (String category : browseCategories()) {
            offers.add(momentOffer("offer-browse-" + category, "Still looking at " + category + "? 5% off the category",
                    Trigger.BROWSE_INTENT, List.of(Channel.WEB, Channel.APP, Channel.EMAIL), 5, nowMillis)
                    .setCategory(category)
                    .build());
        }
        for (Product main : withAccessories) {
            offers.add(momentOffer("offer-browse-" + main.id(), "Still thinking about " + main.id() + "?",
                    Trigger.BROWSE_INTENT, List.of(Channel.WEB, Channel.EMAIL, Channel.PUSH),
                    round(main.price() * 0.1), nowMillis)
                    .setProductId(main.id())
                    .setCategory(main.category())
                    .build());
        }
        return offers;
    }

    /** Categories a browse-intent voucher is published for: the main and the other categories. */
    private static List<String> browseCategories() {
        List<String> categories = new ArrayList<>(List.of(MAIN_CATEGORIES));
        categories.addAll(List.of(OTHER_CATEGORIES));
        return categories;
    }

    /** An offer for one moment, with the fields every moment offer shares. */
    public static OfferCatalogEntry.Builder momentOffer(
            String offerId, String title, Trigger trigger, List<Channel> channels, double value, long nowMillis) {
        return OfferCatalogEntry.newBuilder()
                .setOfferId(offerId)
                .setTitle(title)
                .setProductId(null)
                .setCategory(null)
                .setAccessoryFor(List.of())
                .setChannels(channels)
                .setValue(value)
                .setPriorityWeight(1.0)
                .setValidFrom(null)
                .setValidUntil(null)
                .setUpdatedAt(nowMillis)
                .setTriggers(List.of(trigger));
    }

    public Product product(String id) {
        Product p = products.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no product " + id);
        }
        return p;
    }

    /** Every product, in a fixed order (main categories with their accessories, then the others). */
    public List<Product> all() {
        return List.copyOf(products.values());
    }

    public int size() {
        return products.size();
    }

    /** Any product a customer might look at. */
    public Product anyProduct(Random random) {
        return browsable.get(random.nextInt(browsable.size()));
    }

    /** A product that accessories fit: the cross-sell moments come from these. */
    public Product productWithAccessories(Random random) {
        return withAccessories.get(random.nextInt(withAccessories.size()));
    }

    public List<String> categories() {
        List<String> categories = new ArrayList<>();
        for (Product p : products.values()) {
            if (!categories.contains(p.category())) {
                categories.add(p.category());
            }
        }
        return categories;
    }
}
