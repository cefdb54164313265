package io.kairos.operate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.events.Channel;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;
    private static final Instant CHRISTMAS = Instant.parse("2026-12-24T00:00:00Z");
    private static final Instant NEW_YEAR = Instant.parse("2027-01-01T00:00:00Z");

    /** Every field set to something other than its default. */
    private static OfferCatalogEntry everything() {
        return OfferCatalogEntry.newBuilder()
                .setOfferId("offer-coffee")
                .setTitle("Running low on coffee?")
                .setProductId("p-coffee")
                .setCategory("consumables")
                .setAccessoryFor(List.of("p-grinder", "p-machine"))
                .setChannels(List.of(Channel.PUSH, Channel.EMAIL))
                .setValue(4.2)
                .setPriorityWeight(1.5)
                .setValidFrom(CHRISTMAS.toEpochMilli())
                .setValidUntil(NEW_YEAR.toEpochMilli())
                .setUpdatedAt(1_765_000_000_123L)
                .setTriggers(List.of(Trigger.REPLENISHMENT, Trigger.CROSS_SELL))
                .setSegments(List.of("TOP", "HIGH"))
                .setLifecycles(List.of("LOYAL"))
                .setMinChurnRisk(0.1)
                .setMaxChurnRisk(0.9)
                .setMinCategoryAffinity(0.25)
                .setCooldownMs(7 * DAY)
                .setTransactional(true)
                .setRepurchaseDays(28)
                .build();
    }

    private static OfferCatalogEntry parse(String json) throws Exception {
        return OfferJson.fromJson(JSON.readTree(json));
    }

    private static List<String> problems(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return assertThrows(OfferJson.InvalidOfferException.class, () -> OfferJson.fromJson(node)).problems();
    }

    @Test
    void aFullyPopulatedOfferRoundTrips() throws Exception {
        JsonNode json = OfferJson.toJson(everything());
        assertEquals(everything(), OfferJson.fromJson(json));
        assertEquals("2026-12-24T00:00:00Z", json.get("validFrom").asText(), "instants are written as ISO");
        assertEquals("P7D", json.get("cooldownMs").asText(), "whole days as an ISO duration");
        assertEquals("REPLENISHMENT", json.get("triggers").get(0).asText(), "enums by name");
        assertTrue(json.get("productId").isTextual(), "no Avro union wrapper");
        assertEquals(OfferJson.fieldNames().size(), json.size(), "every field differs from its default");
    }

    @Test
    void omittedOptionalFieldsTakeTheSchemaDefaultsAndAreNotWritten() throws Exception {
        OfferCatalogEntry e = parse("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"]}");
        assertNull(e.getProductId());
        assertNull(e.getCategory());
        assertEquals(List.of(), e.getAccessoryFor());
        assertEquals(0.0, e.getValue());
        assertEquals(1.0, e.getPriorityWeight());
        assertNull(e.getValidFrom());
        assertNull(e.getValidUntil());
        assertEquals(0L, e.getUpdatedAt());
        assertEquals(List.of(), e.getTriggers());
        assertEquals(List.of(), e.getSegments());
        assertEquals(0.0, e.getMinChurnRisk());
        assertEquals(1.0, e.getMaxChurnRisk());
        assertNull(e.getCooldownMs());
        assertFalse(e.getTransactional());
        assertNull(e.getRepurchaseDays());
        assertEquals(
                "{\"offerId\":\"o\",\"title\":\"t\",\"channels\":[\"WEB\"]}",
                OfferJson.toJson(e).toString().replace(" ", ""));
        assertEquals(e, parse("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"],"
                + " \"productId\": null, \"validFrom\": null}"), "null for a nullable field");
    }

    @Test
    void timesAsEpochMillisIsoInstantsOrDatesAndCooldownAsIsoDuration() throws Exception {
        OfferCatalogEntry e = parse("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"],"
                + " \"validFrom\": \"2026-12-24T00:00:00Z\", \"validUntil\": \"2027-01-01\","
                + " \"updatedAt\": 1765000000000, \"cooldownMs\": \"PT12H\"}");
        assertEquals(CHRISTMAS.toEpochMilli(), e.getValidFrom());
        assertEquals(NEW_YEAR.toEpochMilli(), e.getValidUntil());
        assertEquals(1_765_000_000_000L, e.getUpdatedAt());
        assertEquals(12 * 3_600_000L, e.getCooldownMs());
        assertEquals(7 * DAY, parse("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"],"
                + " \"cooldownMs\": \"P7D\"}").getCooldownMs());
        assertEquals(60_000L, parse("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"],"
                + " \"cooldownMs\": 60000}").getCooldownMs());
        assertEquals("PT12H", OfferJson.toJson(e).get("cooldownMs").asText());
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() throws Exception {
        List<String> p = problems("{\"offerId\": \"o\", \"title\": \"t\", \"channels\": [\"WEB\"], \"weight\": 2}");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).startsWith("unknown field 'weight'; known fields: [offerId, title, productId,"), p.get(0));
        assertTrue(p.get(0).contains("priorityWeight"), p.get(0));
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        assertEquals(
                List.of("missing required field 'title'", "missing required field 'channels'"),
                problems("{\"offerId\": \"o\"}"));
    }

    @Test
    void wrongTypesNameTheFieldAndWhatItMustBe() throws Exception {
        List<String> p = problems("{\"offerId\": \"o\", \"title\": 5, \"channels\": \"EMAIL\","
                + " \"value\": \"cheap\", \"transactional\": \"yes\", \"repurchaseDays\": 2.5,"
                + " \"triggers\": [\"CROSS_SELL\", \"XMAS\"], \"validFrom\": \"next week\","
                + " \"cooldownMs\": \"7 days\", \"priorityWeight\": null, \"segments\": [1]}");
        assertEquals(List.of(
                "field 'title' must be a string, was 5",
                "field 'channels' must be a JSON array, was \"EMAIL\"",
                "field 'value' must be a number, was \"cheap\"",
                "field 'priorityWeight' must be a number, was null",
                "field 'validFrom' must be epoch milliseconds, an ISO-8601 instant like 2026-12-24T00:00:00Z"
                        + " or a date like 2026-12-24, was \"next week\"",
                "field 'triggers[1]' must be one of [CROSS_SELL, CART_ABANDONMENT, BROWSE_INTENT, BIRTHDAY,"
                        + " WIN_BACK, VIP_THANK_YOU, REPLENISHMENT, UNKNOWN], was \"XMAS\"",
                "field 'segments[0]' must be a string, was 1",
                "field 'cooldownMs' must be milliseconds or an ISO-8601 duration like P7D or PT12H, was \"7 days\"",
                "field 'transactional' must be true or false, was \"yes\"",
                "field 'repurchaseDays' must be a whole number, was 2.5"), p);
        assertEquals(List.of("an offer must be a JSON object, was [1]"), problems("[1]"));
    }

    @Test
    void aFileSaysWhereEachProblemIsAndWhichOffer() {
        String jsonLines = "{\"offerId\": \"a\", \"title\": \"A\", \"channels\": [\"WEB\"]}\n"
                + "{\"offerId\": \"b\", \"title\": \"B\", \"channels\": [\"FAX\"]}\n"
                + "\n"
                + "{\"title\": \"C\", \"channels\": [\"WEB\"]}\n";
        OfferJson.ReadResult read = OfferJson.read("offers.jsonl", jsonLines);
        assertEquals(List.of("a"), read.offers().stream().map(o -> o.entry().getOfferId()).toList());
        assertEquals("offers.jsonl:1", read.offers().get(0).where());
        assertEquals(List.of(
                "offers.jsonl:2: offer b: field 'channels[0]' must be one of [EMAIL, SMS, PUSH, WEB, APP,"
                        + " CALL_CENTER], was \"FAX\"",
                "offers.jsonl:4: missing required field 'offerId'"), read.problems());
    }

    @Test
    void brokenJsonAndDuplicateFieldsAreReportedWithTheLine() {
        OfferJson.ReadResult broken = OfferJson.read("x.json", "[\n {\"offerId\": \"a\",\n \"title\" \"A\"}\n]");
        assertEquals(1, broken.problems().size(), broken.problems()::toString);
        assertTrue(broken.problems().get(0).startsWith("x.json:3: not valid JSON"), broken.problems().get(0));
        OfferJson.ReadResult twice = OfferJson.read("y.json", "{\"offerId\": \"a\", \"title\": \"A\", \"title\": \"B\"}");
        assertTrue(twice.problems().get(0).contains("Duplicate field 'title'"), twice.problems().toString());
        assertEquals(List.of(), OfferJson.read("empty.json", "[]").offers());
    }
}
