package io.kairos.ingest;

import io.kairos.events.ClickEvent;
import io.kairos.events.CustomerUpdate;
import io.kairos.events.OfferResponse;
import io.kairos.events.OrderLine;
import io.kairos.events.PurchaseEvent;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Checks what Avro cannot: a record that decodes but that the engine cannot act on correctly is
 * a dead letter too, with a reason that tells the producer what to fix: the problem, or empty
 * when the event is fine.
 */
public final class EventValidator {

    private EventValidator() {}

    /** First what every event needs (customer, id, time), then what its kind needs. */
    public static Optional<String> check(CustomerEvent e) {
        if (isBlank(e.customerId)) {
            return Optional.of("event without customerId");
        }
        if (isBlank(e.eventId)) {
            return Optional.of("event without eventId");
        }
        if (e.eventTime <= 0) {
            return Optional.of("eventTime must be epoch milliseconds > 0, was " + e.eventTime);
        }
        if (e.click != null) {
            return check(e.click);
        } else if (e.purchase != null) {
            return check(e.purchase);
        } else if (e.update != null) {
            return check(e.update);
        } else {
            return check(e.response);
        }
    }

    private static Optional<String> check(ClickEvent e) {
        switch (e.getType()) {
            case PRODUCT_VIEW:
            case ADD_TO_CART:
            case REMOVE_FROM_CART:
                if (isBlank(e.getProductId())) {
                    return Optional.of(e.getType() + " click without productId");
                }
                break;
            default:
                break;
        }
        if (e.getQuantity() != null && e.getQuantity() <= 0) {
            return Optional.of("click quantity must be positive, was " + e.getQuantity());
        }
        if (e.getUnitPrice() != null && !(e.getUnitPrice() >= 0)) {
            return Optional.of("click unitPrice must be >= 0, was " + e.getUnitPrice());
        }
        return Optional.empty();
    }

    private static Optional<String> check(PurchaseEvent e) {
        if (e.getLines().isEmpty()) {
            return Optional.of("purchase " + e.getOrderId() + " has no order lines");
        }
        for (OrderLine line : e.getLines()) {
            if (isBlank(line.getProductId())) {
                return Optional.of("purchase " + e.getOrderId() + " has a line without productId");
            }
            if (line.getQuantity() <= 0) {
                return Optional.of(
                        "purchase " + e.getOrderId() + " line " + line.getProductId()
                                + " has quantity " + line.getQuantity() + " (must be > 0)");
            }
            if (!(line.getUnitPrice() >= 0) || Double.isInfinite(line.getUnitPrice())) {
                return Optional.of(
                        "purchase " + e.getOrderId() + " line " + line.getProductId()
                                + " has unitPrice " + line.getUnitPrice() + " (must be >= 0)");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(CustomerUpdate e) {
        switch (e.getType()) {
            case CONSENT_GRANTED:
            case CONSENT_REVOKED:
                if (e.getChannel() == null) {
                    return Optional.of(e.getType() + " without channel");
                }
                break;
            case BIRTHDAY:
                if (isBlank(e.getBirthday())) {
                    return Optional.of("BIRTHDAY update without birthday");
                }
                break;
            case TIME_ZONE:
                if (isBlank(e.getTimeZone())) {
                    return Optional.of("TIME_ZONE update without timeZone");
                }
                try {
                    ZoneId.of(e.getTimeZone());
                } catch (DateTimeException ex) {
                    return Optional.of("TIME_ZONE update with unknown zone '" + e.getTimeZone() + "'");
                }
                break;
            default:
                break;
        }
        return Optional.empty();
    }

    private static Optional<String> check(OfferResponse e) {
        if (isBlank(e.getMessageId()) || isBlank(e.getOfferId())) {
            return Optional.of("offer response without messageId or offerId");
        }
        return Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
