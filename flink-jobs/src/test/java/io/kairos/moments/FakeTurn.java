package io.kairos.moments;

import io.kairos.catalog.OfferCatalog;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.learn.Associations;
import io.kairos.learn.ItemAssociations;
import io.kairos.state.CustomerState;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link MomentContext} of plain fields: a rule's unit tests see what it decided. */
final class FakeTurn implements MomentContext {
    final CustomerState state;
    final List<Moment> decided = new ArrayList<>();
    final Map<String, Long> bought = new HashMap<>();
    private final List<Map.Entry<String, OfferCatalogEntry>> offers = new ArrayList<>();
    private final List<Map.Entry<String, ItemAssociations>> associations = new ArrayList<>();

    FakeTurn(long t) {
        this.state = CustomerProfile.newCustomer(t);
    }

    FakeTurn offer(OfferCatalogEntry offer) {
        offers.add(new AbstractMap.SimpleImmutableEntry<>(offer.getOfferId(), offer));
        return this;
    }

    FakeTurn association(ItemAssociations a) {
        associations.add(new AbstractMap.SimpleImmutableEntry<>(a.productId, a));
        return this;
    }

    @Override
    public String customerId() {
        return "c-anna";
    }

    @Override
    public CustomerState state() {
        return state;
    }

    @Override
    public OfferCatalog catalog() {
        return OfferCatalog.of(offers, 1);
    }

    @Override
    public Associations associations() {
        return Associations.of(associations);
    }

    @Override
    public Long lastBought(String productId) {
        return bought.get(productId);
    }

    @Override
    public void decide(Moment moment) {
        decided.add(moment);
    }
}
