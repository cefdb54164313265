package io.kairos.moments;

import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.kairos.customer.CustomerProfile;
import io.kairos.events.CustomerSignal;
import io.kairos.events.SignalType;
import io.kairos.state.CustomerState;
import io.kairos.state.ValueSegment;
import org.junit.jupiter.api.Test;

/** {@link WinBack} and {@link VipThankYou}: moments read off customer signals. */
class SignalMomentsTest {
    private static CustomerSignal signal(SignalType type, String from, String to) {
        return CustomerSignal.newBuilder()
                .setSignalId("s")
                .setCustomerId("c1")
                .setEventTime(T0)
                .setType(type)
                .setFrom(from)
                .setTo(to)
                .setCause("e1")
                .build();
    }

    @Test
    void winBackOnEnteringChurnRisk() {
        assertTrue(WinBack.isMoment(signal(SignalType.CHURN_RISK_ENTERED, null, null)));
        assertFalse(WinBack.isMoment(signal(SignalType.CHURN_RISK_CLEARED, null, null)));
        assertFalse(WinBack.isMoment(signal(SignalType.SEGMENT_MOVEMENT, "HIGH", "LOW")));
    }

    @Test
    void theIncentiveGrowsWithTheCustomersValue() {
        ValueSegment[] ascending = {
            ValueSegment.PROSPECT, ValueSegment.INACTIVE, ValueSegment.LOW,
            ValueSegment.MIDDLE, ValueSegment.HIGH, ValueSegment.TOP
        };
        CustomerState s = CustomerProfile.newCustomer(T0);
        double previous = 0;
        for (ValueSegment segment : ascending) {
            s.setSegment(segment);
            double scale = WinBack.incentiveScale(s);
            assertTrue(scale >= previous, segment + ": " + scale + " < " + previous);
            assertTrue(scale > 0);
            previous = scale;
        }
        s.setSegment(ValueSegment.TOP);
        assertEquals(2.0, WinBack.incentiveScale(s));
        s.setSegment(ValueSegment.MIDDLE);
        assertEquals(1.0, WinBack.incentiveScale(s));
        assertTrue(
                WinBack.incentiveScale(ValueSegment.HIGH)
                        > WinBack.incentiveScale(ValueSegment.MIDDLE));
        assertTrue(
                WinBack.incentiveScale(ValueSegment.LOW)
                        > WinBack.incentiveScale(ValueSegment.INACTIVE));
    }

    @Test
    void vipThankYouOnAnUpgradeIntoTop() {
        assertTrue(VipThankYou.isMoment(signal(SignalType.SEGMENT_MOVEMENT, "HIGH", "TOP")));
        assertTrue(VipThankYou.isMoment(signal(SignalType.SEGMENT_MOVEMENT, null, "TOP")));
        assertFalse(VipThankYou.isMoment(signal(SignalType.SEGMENT_MOVEMENT, "TOP", "TOP")));
        assertFalse(VipThankYou.isMoment(signal(SignalType.SEGMENT_MOVEMENT, "TOP", "HIGH")));
        assertFalse(VipThankYou.isMoment(signal(SignalType.LIFECYCLE_TRANSITION, "LOYAL", "TOP")));
    }
}
