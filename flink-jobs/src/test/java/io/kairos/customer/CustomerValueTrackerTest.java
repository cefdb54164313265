package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static io.kairos.testing.TestEvents.forgetMe;
import static io.kairos.testing.TestEvents.purchaseWorth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.ingest.CustomerEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerValueTrackerTest {
    private static final Duration HALF_LIFE = Duration.ofDays(365);
    private static final Duration INACTIVE_AFTER = Duration.ofDays(365);

    private KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ValueChange> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new CustomerValueTracker(INACTIVE_AFTER, HALF_LIFE, Duration.ofDays(90)),
                e -> e.customerId,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(CustomerEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<ValueChange> changes() {
        return harness.extractOutputValues();
    }

    @Test
    void aFirstPurchaseAddsARepeatPurchaseMovesAndALapseRemoves() throws Exception {
        send(CustomerEvent.of(purchaseWorth("anna", T0, 100)));
        send(CustomerEvent.of(purchaseWorth("anna", T0 + 10 * ONE_DAY, 50)));
        List<ValueChange> c = changes();
        assertEquals(2, c.size());
        assertFalse(c.get(0).hasBefore());
        assertEquals(c.get(0).after, c.get(1).before);
        assertTrue(c.get(1).after > c.get(1).before);

        harness.processWatermark(T0 + 10 * ONE_DAY + INACTIVE_AFTER.toMillis());
        ValueChange lapse = changes().get(2);
        assertEquals(c.get(1).after, lapse.before);
        assertFalse(lapse.hasAfter());
        assertEquals(0, harness.numKeyedStateEntries(), "nothing kept for a lapsed customer");
    }

    @Test
    void aLatePurchaseTakesEffectNoEarlierThanTheChangeItReplaces() throws Exception {
        send(CustomerEvent.of(purchaseWorth("anna", T0 + 5 * ONE_DAY, 100)));
        send(CustomerEvent.of(purchaseWorth("anna", T0, 100))); // arrives late
        ValueChange late = changes().get(1);
        assertEquals(T0 + 5 * ONE_DAY, late.at);
    }

    @Test
    void aForgottenCustomerLeavesThePopulationAndStaysOut() throws Exception {
        send(CustomerEvent.of(purchaseWorth("anna", T0, 100)));
        send(CustomerEvent.of(forgetMe("anna", T0 + ONE_DAY)));
        ValueChange forget = changes().get(1);
        assertFalse(forget.hasAfter());
        assertEquals(changes().get(0).after, forget.before);

        send(CustomerEvent.of(purchaseWorth("anna", T0 + 2 * ONE_DAY, 100))); // replayed, in the window
        assertEquals(2, changes().size());
        harness.processWatermark(T0 + 400 * ONE_DAY);
        assertEquals(2, changes().size(), "no lapse of a customer who is not there");
    }

    @Test
    void aPurchaseOlderThanTheActiveWindowIsIgnored() throws Exception {
        harness.processWatermark(T0 + 400 * ONE_DAY);
        send(CustomerEvent.of(purchaseWorth("anna", T0, 100)));
        assertTrue(changes().isEmpty());
    }
}
