package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.events.Channel;
import io.kairos.events.PersonalizedMessage;
import io.kairos.events.Trigger;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

/**
 * The size budget of the customer record, for a customer with every bounded list full,
 * serialized as Flink's state backend stores it. It has two parts with two bounds. The profile
 * (what we know of the customer: the "well under 1 KB per customer") stays under 1 KB.
 * The contact history (each message sent in the last week, kept for the caps, the cooldowns and
 * one message per moment) grows with the contact caps, not with the customer's activity: at most
 * {@code kairos.contact.cap-per-week} entries, each under 150 bytes: the message id (a UUID, 37
 * bytes as Avro writes it), offer and product ids, trigger, channel, segment, two instants and
 * three flags. With the default cap of 10 a week the record stays under 1 KB + 10 x 150 B; a
 * customer who gets no messages costs the profile alone. The measured size of all
 * keyed state per customer on RocksDB, from a savepoint, is in {@code ./kairos churn-eval}.
 */
class CustomerStateSizeTest {
    private final CustomerModelSettings settings = CustomerModelSettings.defaults();
    private final CustomerModel model = new CustomerModel(settings);

    @Test
    void aBusyCustomersProfileStaysUnderOneKilobyteAndEachRememberedMessageUnder150Bytes() throws Exception {
        String id = "c-00012345";
        CustomerState s = CustomerProfile.newCustomer(T0);
        model.observe(s, CustomerEvent.of(TestEvents.registration(id, "Alexandra", T0)));
        for (Channel channel : Channel.values()) {
            model.observe(s, CustomerEvent.of(TestEvents.consent(id, channel, T0)));
        }
        String[] categories = {"shoes", "bags", "coats", "watches", "hats", "socks", "belts", "gloves"};
        for (int week = 0; week < 52; week++) {
            long t = T0 + week * 7 * ONE_DAY;
            for (int v = 0; v < 5; v++) {
                model.observe(s, CustomerEvent.of(
                        TestEvents.productView(id, "s-" + week, categories[(week + v) % categories.length], t + v)));
            }
            model.observe(s, CustomerEvent.of(TestEvents.addToCart(id, "p-" + week, 30, t + 10)));
            model.observe(s, CustomerEvent.of(TestEvents.purchaseWorth(id, t + 20, 40 + week)));
            for (int m = 0; m < 3; m++) { // a cross-sell, a cart reminder and a browse intent every week
                io.kairos.policy.FrequencyCaps.record(s, io.kairos.state.Contact.newBuilder()
                        .setOfferId("offer-" + week + "-" + m).setChannel(Channel.EMAIL.name())
                        .setTrigger(Trigger.CROSS_SELL.name()).setAt(t + m)
                        .setMessageId(java.util.UUID.randomUUID().toString())
                        .setProductId("p-accessory-" + week + "-" + m).setSegment("MIDDLE").setDecidedAt(t + m)
                        .build(), t + m, java.time.Duration.ofDays(7));
            }
            model.assess(id, s, t + 20, null, "e-" + week);
        }

        int record = serializedSize(s);
        int profile = serializedSize(CustomerState.newBuilder(s).setRecentContacts(new java.util.ArrayList<>()).build());
        int contacts = s.getRecentContacts().size();
        double perContact = (record - profile) / (double) contacts;
        System.out.printf("customer record: %d bytes = profile %d + %d remembered messages of %.0f bytes"
                + " (52 weeks of views, carts, purchases, 3 messages a week)%n", record, profile, contacts, perContact);
        assertTrue(profile < 1024, "profile " + profile + " bytes");
        assertTrue(contacts > 0 && perContact < 150, contacts + " messages, " + perContact + " bytes each");
    }

    private static int serializedSize(CustomerState state) throws java.io.IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        new AvroSerializer<>(CustomerState.class).serialize(state, out);
        return out.length();
    }
}
