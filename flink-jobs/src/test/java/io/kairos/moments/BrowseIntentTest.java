package io.kairos.moments;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.ONE_HOUR;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import java.util.Optional;

class BrowseIntentTest {
    /** 3 views of a product or 5 of a category within 7 days; 10 runs kept. */
    private static final BrowseIntent INTENT = new BrowseIntent(3, 5, Duration.ofDays(7), 10);

    private static ClickEvent view(String product, String category, long at) {
        ClickEvent e = TestEvents.click("c1", ClickType.PRODUCT_VIEW, at);
        e.setProductId(product);
        e.setCategory(category);
        return e;
    }

    private static CustomerState customer() {
        return CustomerProfile.newCustomer(T0);
    }

    @Test
    void theThirdViewOfAProductIsTheMomentOnce() {
        CustomerState s = customer();
        assertEquals(Optional.empty(), INTENT.observeView(s, view("kettle", "kitchen", T0)));
        assertEquals(
                Optional.empty(), INTENT.observeView(s, view("kettle", "kitchen", T0 + ONE_DAY)));
        assertEquals(
                Optional.of("p:kettle"),
                INTENT.observeView(s, view("kettle", "kitchen", T0 + 2 * ONE_DAY)));
        assertEquals(T0 + 2 * ONE_DAY, s.getProductViews().get("p:kettle").getNotifiedAt());
        // more views in the same run: no second moment, not even from its category
        assertEquals(
                Optional.empty(),
                INTENT.observeView(s, view("kettle", "kitchen", T0 + 3 * ONE_DAY)));
        assertEquals(
                Optional.empty(),
                INTENT.observeView(s, view("kettle", "kitchen", T0 + 4 * ONE_DAY)));
        assertEquals(5, s.getProductViews().get("c:kitchen").getCount());
    }

    @Test
    void categoryViewsAcrossProductsAddUp() {
        CustomerState s = customer();
        String[] products = {"a", "b", "c", "d", "e"};
        Optional<String> last = Optional.empty();
        for (int i = 0; i < products.length; i++) {
            last = INTENT.observeView(s, view(products[i], "shoes", T0 + i * ONE_HOUR));
            if (i < 4) {
                assertEquals(Optional.empty(), last);
            }
        }
        assertEquals(Optional.of("c:shoes"), last);
        assertTrue(BrowseIntent.isProduct("p:x"));
        assertEquals("shoes", BrowseIntent.subjectOf(last.get()));
    }

    @Test
    void aRunOlderThanTheWindowStartsAgain() {
        CustomerState s = customer();
        INTENT.observeView(s, view("kettle", "kitchen", T0));
        INTENT.observeView(s, view("kettle", "kitchen", T0 + ONE_DAY));
        // the third view comes 8 days after the first: a new run of one
        assertEquals(
                Optional.empty(),
                INTENT.observeView(s, view("kettle", "kitchen", T0 + 8 * ONE_DAY)));
        assertEquals(1, s.getProductViews().get("p:kettle").getCount());
        INTENT.observeView(s, view("kettle", "kitchen", T0 + 9 * ONE_DAY));
        assertEquals(
                Optional.of("p:kettle"),
                INTENT.observeView(s, view("kettle", "kitchen", T0 + 10 * ONE_DAY)));
    }

    @Test
    void aNotifiedRunMayFireAgainInItsNextRun() {
        CustomerState s = customer();
        for (int i = 0; i < 3; i++) {
            INTENT.observeView(s, view("kettle", "kitchen", T0 + i * ONE_HOUR));
        }
        long next = T0 + 8 * ONE_DAY;
        INTENT.observeView(s, view("kettle", "kitchen", next));
        INTENT.observeView(s, view("kettle", "kitchen", next + ONE_HOUR));
        assertEquals(
                Optional.of("p:kettle"),
                INTENT.observeView(s, view("kettle", "kitchen", next + 2 * ONE_HOUR)));
    }

    @Test
    void aPurchaseFulfilsTheIntent() {
        CustomerState s = customer();
        INTENT.observeView(s, view("kettle", "cat-kettle", T0));
        INTENT.observeView(s, view("kettle", "cat-kettle", T0 + ONE_HOUR));
        INTENT.observeView(s, view("toaster", "cat-toaster", T0 + ONE_HOUR));
        INTENT.onPurchase(s, TestEvents.purchase("c1", T0 + 2 * ONE_HOUR, "kettle"));
        assertFalse(s.getProductViews().containsKey("p:kettle"));
        assertFalse(s.getProductViews().containsKey("c:cat-kettle"));
        assertTrue(s.getProductViews().containsKey("p:toaster"));
        assertEquals(
                Optional.empty(),
                INTENT.observeView(s, view("kettle", "cat-kettle", T0 + 3 * ONE_HOUR)));
    }

    @Test
    void runsAreBoundedTheLeastRecentlyViewedGo() {
        CustomerState s = customer();
        for (int i = 0; i < 20; i++) {
            INTENT.observeView(s, view("p" + i, "c" + i, T0 + i * ONE_HOUR));
        }
        assertEquals(10, s.getProductViews().size());
        assertTrue(s.getProductViews().containsKey("p:p19"));
        assertTrue(s.getProductViews().containsKey("c:c15"));
        assertFalse(s.getProductViews().containsKey("p:p14"));
    }

    @Test
    void otherClicksAndMissingFieldsAreHarmless() {
        CustomerState s = customer();
        assertEquals(
                Optional.empty(),
                INTENT.observeView(s, TestEvents.addToCart("c1", "kettle", 20, T0)));
        assertTrue(s.getProductViews().isEmpty());
        for (int i = 0; i < 3; i++) {
            INTENT.observeView(s, view(null, null, T0 + i));
        }
        assertTrue(s.getProductViews().isEmpty());
    }

    @Test
    void settingsAreValidated() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new BrowseIntent(1, 5, Duration.ofDays(7), 10));
        assertTrue(e.getMessage().contains("product views threshold"), e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new BrowseIntent(3, 5, Duration.ZERO, 10));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }
}
