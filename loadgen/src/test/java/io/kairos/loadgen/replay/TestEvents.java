package io.kairos.loadgen.replay;

import io.kairos.events.Channel;
import io.kairos.events.ClickEvent;
import io.kairos.events.ClickType;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.CustomerUpdateType;
import io.kairos.events.OfferResponse;
import io.kairos.events.OfferResponseType;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import io.kairos.events.RecordedEvent;
import java.util.List;

/** Readable builders of recorded events for tests. */
final class TestEvents {
    private static int counter;

    private TestEvents() {}

    static RecordedEvent click(String customer, long time) {
        return RecordingWriter.wrap(ClickEvent.newBuilder().setEventId("e-" + counter++).setEventTime(time)
                .setCustomerId(customer).setType(ClickType.PAGE_VIEW).build(), null);
    }

    static RecordedEvent purchase(String customer, long time, double amount) {
        return RecordingWriter.wrap(PurchaseEvent.newBuilder().setEventId("e-" + counter++).setEventTime(time)
                .setCustomerId(customer).setOrderId("o-" + counter)
                .setLines(List.of(new OrderLine("p-1", "cameras", 1, amount))).build(), null);
    }

    static RecordedEvent registration(String customer, long time) {
        return RecordingWriter.wrap(CustomerUpdate.newBuilder().setEventId("e-" + counter++).setEventTime(time)
                .setCustomerId(customer).setType(CustomerUpdateType.REGISTRATION).build(), null);
    }

    static RecordedEvent opened(String customer, long time) {
        return RecordingWriter.wrap(OfferResponse.newBuilder().setEventId("e-" + counter++).setEventTime(time)
                .setCustomerId(customer).setMessageId("m-1").setOfferId("offer-1").setChannel(Channel.EMAIL)
                .setType(OfferResponseType.OPENED).build(), null);
    }
}
