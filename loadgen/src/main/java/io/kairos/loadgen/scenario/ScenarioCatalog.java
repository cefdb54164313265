package io.kairos.loadgen.scenario;

import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.ProductCatalog.Product;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a scenario's customers buy: the loadgen's {@link ProductCatalog} of the same seed (main
 * products, the accessories that fit them, other products; its cross-sell offers are what a replay
 * publishes to the job) plus consumables that are bought again and again on a cycle (they need
 * no offers). The cross-sell truth is taken from the same offers the job receives.
 */
public final class ScenarioCatalog {
    /** A consumable and its typical repurchase cycle. */
    public record Consumable(Product product, int cycleDays) {}

    /** A cross-sell offer as the job sees it: the accessory offered and the channels allowed. */
    public record Offer(String offerId, String accessoryId, List<Channel> channels) {}

    private static final int CONSUMABLES = 12;

    private final ProductCatalog products;
    private final List<Product> mains = new ArrayList<>();
    private final List<Product> others = new ArrayList<>();
    private final List<Product> cheap = new ArrayList<>();
    private final List<Consumable> consumables = new ArrayList<>();
    private final Map<String, List<Offer>> offersByMain = new LinkedHashMap<>();
    private final Map<String, List<String>> accessoriesByMain = new LinkedHashMap<>();

    public ScenarioCatalog(long seed) {
        this.products = new ProductCatalog(seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0xC0FFEEL);
        List<Product> all = products.all();
        for (Product p : all) {
            if (p.takesAccessories()) {
                mains.add(p);
            } else if (!p.category().endsWith("-accessories")) {
                others.add(p);
            }
        }
        for (int i = 0; i < CONSUMABLES; i++) {
            Product p = new Product(String.format("p-consumables-%02d", i), "consumables",
                    Math.round((3 + random.nextDouble() * 25) * 100) / 100.0, false);
            consumables.add(new Consumable(p, 14 + random.nextInt(47)));
        }
        // Bargain hunters' shelf: the cheapest third of everything that is not a main product.
        List<Product> byPrice = new ArrayList<>(others);
        consumables.forEach(c -> byPrice.add(c.product()));
        byPrice.sort(Comparator.comparingDouble(Product::price).thenComparing(Product::id));
        cheap.addAll(byPrice.subList(0, byPrice.size() / 3));
        for (OfferCatalogEntry offer : products.bootstrapOffers(0)) {
            for (String main : offer.getAccessoryFor()) {
                offersByMain.computeIfAbsent(main, k -> new ArrayList<>())
                        .add(new Offer(offer.getOfferId(), offer.getProductId(), List.copyOf(offer.getChannels())));
                accessoriesByMain.computeIfAbsent(main, k -> new ArrayList<>()).add(offer.getProductId());
            }
        }
    }

    /**
     * The whole catalog for every moment: the cross-sell offers ({@link
     * ProductCatalog#bootstrapOffers}, what the cross-sell truth is made from), the other moments'
     * offers ({@link ProductCatalog#momentOffers}), and one replenishment offer per consumable,
     * for that product, with its cycle as {@code repurchaseDays}. None of the added offers answers
     * CROSS_SELL, so the cross-sell truth is the same whichever of the two catalogs is published.
     */
    public List<OfferCatalogEntry> offers(long nowMillis) {
        List<OfferCatalogEntry> offers = new ArrayList<>(products.bootstrapOffers(nowMillis));
        offers.addAll(products.momentOffers(nowMillis));
        for (Consumable c : consumables) {
            offers.add(ProductCatalog.momentOffer("offer-replenish-" + c.product().id(),
                            "Running low? " + c.product().id() + " again", Trigger.REPLENISHMENT,
                            List.of(Channel.EMAIL, Channel.PUSH, Channel.APP),
                            Math.round(c.product().price() * 30) / 100.0, nowMillis)
                    .setProductId(c.product().id())
                    .setCategory(c.product().category())
                    .setRepurchaseDays(c.cycleDays())
                    .build());
        }
        return offers;
    }

    /** The loadgen catalog whose offers the job gets. */
    public ProductCatalog productCatalog() {
        return products;
    }

    public List<Product> mains() {
        return mains;
    }

    public List<Product> others() {
        return others;
    }

    public List<Product> cheap() {
        return cheap;
    }

    public List<Consumable> consumables() {
        return consumables;
    }

    /** The cross-sell offers that list this product in their accessoryFor; empty if none. */
    public List<Offer> offersFor(String productId) {
        return offersByMain.getOrDefault(productId, List.of());
    }

    /** Accessory products that fit a main product. */
    public List<String> accessoriesFor(String productId) {
        return accessoriesByMain.getOrDefault(productId, List.of());
    }

    public Product product(String id) {
        if (id.startsWith("p-consumables-")) {
            return consumables.get(Integer.parseInt(id.substring("p-consumables-".length()))).product();
        }
        return products.product(id);
    }
}
