package io.kairos.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.channel.Offer;
import io.kairos.channel.OfferReader;
import io.kairos.events.Channel;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.Trigger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pages as HTML, without a server or a browser: the numbers are in the markup, input is escaped. */
class PagesTest {
    private static final DayRange DAY = new DayRange(LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 7));

    @Test
    void thePyramidCarriesEachSegmentsCountAndTheHeatMapLinksACellToItsCustomers() {
        ProfileCensus census = new ProfileCensus.Builder(10)
                .add("c-1", Map.of("segment", "TOP")).add("c-2", Map.of("segment", "LOW"))
                .add("c-3", Map.of("segment", "LOW")).build(1, 1);
        MovementMatrix matrix = new MovementMatrix().addDay(Map.of("TOP>HIGH", "5"));
        String html = PyramidPage.render(census, DAY, matrix, null, null, List.of());
        assertTrue(html.contains("data-segment=\"LOW\" data-count=\"2\""), html);
        assertTrue(html.contains("data-segment=\"TOP\" data-count=\"1\""), html);
        assertTrue(html.contains("cellFrom=TOP&amp;cellTo=HIGH"), html);
        assertTrue(html.contains("data-from=\"TOP\" data-to=\"HIGH\" data-count=\"5\""), html);
    }

    @Test
    void whatCustomersWroteIsEscaped() {
        var pop = new OfferReader.ScreenPop("<c>", Map.of("segment", "<script>x</script>"),
                List.of(new Offer("m-1", Map.of("offerId", "o", "title", "50% & <b>more</b>", "score", "0.5"))));
        var d = DecisionView.of(1, DecisionLogTest.decision("d\"1", "<c>", Trigger.CROSS_SELL, DecisionOutcome.SENT,
                Channel.EMAIL), 1);
        String html = CustomerPage.render(pop, List.of(d), List.of());
        assertFalse(html.contains("<script>x"), html);
        assertFalse(html.contains("<b>more"), html);
        assertTrue(html.contains("50% &amp; &lt;b&gt;more&lt;/b&gt;"), html);
        assertTrue(html.contains("data-decision-id=\"d&quot;1\""), html);
        assertTrue(html.contains("data-message-id=\"m-1\""), html);
    }

    @Test
    void churnWatchShowsWhatTheEngineSentEachCustomerAtRiskAndWhoCameBack() {
        ProfileCensus census = new ProfileCensus.Builder(10)
                .add("c-1", Map.of("segment", "TOP", "atRisk", "true", "totalValue", "500", "churnReasons", "[\"silence\"]"))
                .add("c-2", Map.of("segment", "LOW", "atRisk", "true", "totalValue", "5")).build(1, 1);
        DecisionView winBack = DecisionView.of(1, DecisionLogTest.decision("d1", "c-1", Trigger.WIN_BACK, DecisionOutcome.SENT,
                Channel.EMAIL), 1);
        String html = ChurnPage.render(census, Map.of("c-1", winBack), List.of(new ChurnPage.WinBack(winBack, true, 2)));
        assertTrue(html.contains("2 at risk now. Of the latest 1"), html);
        assertTrue(html.contains("offer-d1 by EMAIL"), html);
        assertTrue(html.contains("none read"), "c-2 has no win-back");
        assertTrue(html.indexOf("data-customer=\"c-1\"") < html.indexOf("data-customer=\"c-2\""), "by value");
        assertTrue(html.contains("<span class=\"up\">yes</span>"), html);
    }

    @Test
    void churnReasonsReadAsAList() {
        assertTrue(ChurnPage.reasons("[\"silence\",\"p_alive\"]").equals("silence, p_alive"));
    }

    @Test
    void theLivePageOffersEveryTriggerOutcomeAndChannelAsAFilter() {
        String html = LivePage.render();
        for (String name : List.of("WIN_BACK", "SUPPRESSED", "CALL_CENTER")) {
            assertTrue(html.contains("<option>" + name + "</option>"), name);
        }
        assertTrue(html.contains("setTimeout(poll, 250)"), html);
    }
}
