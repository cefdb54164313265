package io.kairos.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;

class StateSizeSamplerTest {
    @Test
    void reportsTheEncodedSizeOfSampledProfilesAndGrowsWithThem() {
        StateSizeSampler sampler = new StateSizeSampler(1);
        assertEquals(0L, sampler.getValue(), "nothing sampled yet");

        CustomerState fresh = CustomerProfile.newCustomer(TestEvents.T0);
        sampler.written(fresh);
        long freshBytes = sampler.getValue();
        assertTrue(freshBytes > 10 && freshBytes < 500, "a new customer is small: " + freshBytes);

        CustomerModel model = new CustomerModel(CustomerModelSettings.builder().build());
        CustomerState busy = CustomerProfile.newCustomer(TestEvents.T0);
        for (int week = 0; week < 30; week++) {
            model.observe(busy, CustomerEvent.of(TestEvents.purchase("c", TestEvents.T0 + week * 7 * TestEvents.ONE_DAY, "camera")));
        }
        for (int i = 0; i < 100; i++) {
            sampler.written(busy);
        }
        assertTrue(sampler.getValue() > freshBytes, sampler.getValue() + " vs " + freshBytes);
    }

    @Test
    void encodesOnlyOneProfileInEvery() {
        StateSizeSampler sampler = new StateSizeSampler(10);
        CustomerState fresh = CustomerProfile.newCustomer(TestEvents.T0);
        CustomerState bigger = CustomerProfile.newCustomer(TestEvents.T0);
        new CustomerModel(CustomerModelSettings.builder().build())
                .observe(bigger, CustomerEvent.of(TestEvents.purchase("c", TestEvents.T0, "camera", "lens", "bag")));

        sampler.written(fresh); // the 1st is sampled
        long freshBytes = sampler.getValue();
        for (int i = 0; i < 9; i++) {
            sampler.written(bigger); // the 2nd to 10th are not
        }
        assertEquals(freshBytes, sampler.getValue());
        sampler.written(bigger); // the 11th is
        assertTrue(sampler.getValue() > freshBytes);
    }
}
