package io.kairos.console;

import static io.kairos.console.Html.esc;

import io.kairos.channel.OfferReader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Customer 360, the call center's screen-pop: the profile from Redis, the current offers in the
 * order a channel shows them, the decisions about the customer with their outcome and the rule
 * that stopped them, and the signals over time (the last two from the topics the console reads).
 */
final class CustomerPage {
    /** Profile fields shown as times. */
    private static final Set<String> TIMES = Set.of("lastSeen", "lastPurchaseAt", "firstPurchaseAt", "updatedAt", "expiresAt");

    private CustomerPage() {}

    static String search() {
        return Html.page("Customer", "Customer",
                "<form method=\"get\" action=\"/customer\"><input name=\"id\" placeholder=\"customer id, e.g. c-000042\""
                        + " autofocus> <button>Open</button></form><p class=\"muted\">The profile, current offers,"
                        + " decisions and signals of one customer.</p>");
    }

    static String render(OfferReader.ScreenPop pop, List<DecisionView> decisions, List<SignalView> signals) {
        StringBuilder body = new StringBuilder("<div class=\"cards\">");
        Map<String, String> profile = pop.profile();
        body.append("<section class=\"card\" id=\"profile\"><h2>Profile</h2>");
        if (profile.isEmpty()) {
            body.append("<p class=\"muted\">No profile in Redis: never seen, expired, or forgotten.</p>");
        } else {
            body.append("<dl>");
            profile.forEach((field, value) -> body.append("<dt>").append(esc(field)).append("</dt><dd data-field=\"")
                    .append(esc(field)).append("\">").append(TIMES.contains(field) ? Html.time(value) : esc(value)).append("</dd>"));
            body.append("</dl>");
        }
        body.append("</section>");

        body.append("<section class=\"card\" id=\"offers\"><h2>Current offers</h2>");
        int[] rank = {1};
        table(body, pop.offers(), "No current offer.",
                "<tr><th>#</th><th>offer</th><th>title</th><th>channel</th><th>trigger</th>"
                        + "<th class=\"num\">score</th><th>expires</th></tr>",
                o -> body.append("<tr class=\"offer\" data-message-id=\"").append(esc(o.messageId())).append("\"><td>").append(rank[0]++)
                        .append("</td><td>").append(esc(o.offerId())).append("</td><td>").append(esc(o.title()))
                        .append("</td><td>").append(esc(o.channel())).append("</td><td>").append(esc(o.fields().get("trigger")))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.3f", o.score()))
                        .append("</td><td>").append(Html.time(o.expiresAt())).append("</td></tr>"));
        body.append("</section></div>");

        body.append("<section id=\"decisions\"><h2>Decisions</h2>");
        table(body, decisions, "None read from the decisions topic in the console's look-back window.",
                "<tr><th>decided</th><th>trigger</th><th>outcome</th><th>suppressed by</th><th>offer</th>"
                        + "<th>channel</th><th>send at</th><th>segment</th></tr>",
                d -> body.append("<tr class=\"decision\" data-decision-id=\"").append(esc(d.decisionId())).append("\"><td>")
                        .append(Html.time(d.decidedAt())).append("</td><td>").append(esc(d.trigger()))
                        .append("</td><td><span class=\"tag ").append(esc(d.outcome())).append("\">").append(esc(d.outcome()))
                        .append("</span></td><td>").append(esc(d.suppressedBy())).append("</td><td>").append(esc(d.offerId()))
                        .append("</td><td>").append(esc(d.channel())).append("</td><td>").append(Html.time(d.sendAt()))
                        .append("</td><td>").append(esc(d.segment())).append("</td></tr>"));
        body.append("</section><section id=\"signals\"><h2>Signals over time</h2>");
        table(body, signals, "None read from customer-signals in the console's look-back window.",
                "<tr><th>when</th><th>signal</th><th>from</th><th>to</th><th class=\"num\">churn risk</th>"
                        + "<th>reasons</th></tr>",
                s -> body.append("<tr class=\"signal\"><td>").append(Html.time(s.eventTime())).append("</td><td>").append(esc(s.type()))
                        .append("</td><td>").append(esc(s.from())).append("</td><td>").append(esc(s.to()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f", s.churnRisk()))
                        .append("</td><td>").append(esc(String.join(", ", s.reasons()))).append("</td></tr>"));
        body.append("</section>");
        return Html.page("Customer " + pop.customerId(), "Customer", body.toString());
    }

    /** A table of {@code rows} (its header row, then a row each), or {@code none} in muted text when there are none. */
    private static <T> void table(StringBuilder body, List<T> rows, String none, String header, Consumer<T> row) {
        if (rows.isEmpty()) {
            body.append("<p class=\"muted\">").append(none).append("</p>");
        } else {
            body.append("<table>").append(header);
            rows.forEach(row);
            body.append("</table>");
        }
    }
}
