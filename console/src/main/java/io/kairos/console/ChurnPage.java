package io.kairos.console;

import static io.kairos.console.Html.esc;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Churn watch: the customers at risk now, most valuable first (their profiles in Redis), and the
 * win-back decisions the engine took, with whether the customer came back since (bought again, or
 * their risk cleared).
 */
final class ChurnPage {
    private ChurnPage() {}

    /** A win-back decision and what followed it. */
    record WinBack(DecisionView decision, boolean cameBack, long lastPurchaseAt) {}

    /**
     * @param latestWinBack the latest win-back decision of each customer at risk who has one
     *     (from the decisions read), i.e. what the engine did about them
     */
    static String render(ProfileCensus census, Map<String, DecisionView> latestWinBack, List<WinBack> winBacks) {
        StringBuilder body = new StringBuilder();
        long back = winBacks.stream().filter(WinBack::cameBack).count();
        body.append(String.format(Locale.ROOT, "<p class=\"card\" id=\"summary\">%,d at risk now. Of the latest %d"
                + " <a href=\"#win-backs\">win-back decisions</a>, %d came back.</p>", census.atRiskTotal(), winBacks.size(), back));
        body.append(String.format(Locale.ROOT,
                "<section id=\"at-risk\"><h2>At risk now, by value</h2><p class=\"muted\">%,d customers at risk among"
                        + " %,d profiles in Redis (counted at %s); the %d most valuable:</p>",
                census.atRiskTotal(), census.profiles(), Html.time(census.takenAt()), census.atRisk().size()));
        if (census.atRisk().isEmpty()) {
            body.append("<p class=\"muted\">Nobody is at risk.</p>");
        } else {
            body.append("<table><tr><th>customer</th><th>segment</th><th>lifecycle</th><th class=\"num\">value</th>"
                    + "<th class=\"num\">churn risk</th><th>reasons</th><th>win-back</th><th>last purchase</th><th>last seen</th></tr>");
            for (ProfileCensus.AtRisk r : census.atRisk()) {
                body.append("<tr class=\"at-risk\" data-customer=\"").append(esc(r.customerId())).append("\"><td>")
                        .append(Html.customerLink(r.customerId())).append("</td><td>").append(esc(r.segment()))
                        .append("</td><td>").append(esc(r.lifecycle())).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%,.2f", r.totalValue())).append("</td><td class=\"num\">")
                        .append(String.format(Locale.ROOT, "%.2f", r.churnRisk())).append("</td><td>")
                        .append(esc(reasons(r.churnReasons()))).append("</td><td>").append(winBack(latestWinBack.get(r.customerId())))
                        .append("</td><td>").append(Html.time(r.lastPurchaseAt()))
                        .append("</td><td>").append(Html.time(r.lastSeen())).append("</td></tr>");
            }
            body.append("</table>");
        }
        body.append("</section><section id=\"win-backs\"><h2>Win-back decisions, and who came back</h2>");
        if (winBacks.isEmpty()) {
            body.append("<p class=\"muted\">No win-back decision read from the decisions topic in the console's"
                    + " look-back window.</p>");
        } else {
            body.append("<table><tr><th>decided</th><th>customer</th><th>outcome</th><th>suppressed by</th>"
                            + "<th>offer</th><th>channel</th><th>came back</th></tr>");
            for (WinBack w : winBacks) {
                DecisionView d = w.decision();
                body.append("<tr class=\"win-back\"><td>").append(Html.time(d.decidedAt())).append("</td><td>")
                        .append(Html.customerLink(d.customerId())).append("</td><td><span class=\"tag ").append(esc(d.outcome()))
                        .append("\">").append(esc(d.outcome())).append("</span></td><td>").append(esc(d.suppressedBy()))
                        .append("</td><td>").append(esc(d.offerId())).append("</td><td>").append(esc(d.channel()))
                        .append("</td><td>").append(w.cameBack() ? "<span class=\"up\">yes</span>" : "not yet")
                        .append("</td></tr>");
            }
            body.append("</table>");
        }
        body.append("</section>");
        return Html.page("Churn watch", "Churn watch", body.toString());
    }

    /** What the engine did: the outcome, and the offer and channel if one was chosen. */
    private static String winBack(DecisionView d) {
        if (d == null) {
            return "<span class=\"muted\">none read</span>";
        }
        return "<span class=\"tag " + esc(d.outcome()) + "\">" + esc(d.outcome()) + "</span> "
                + esc(d.suppressedBy() != null ? d.suppressedBy() : d.offerId() + (d.channel() != null ? " by " + d.channel() : ""));
    }

    /** The profile keeps reasons as a JSON array of plain words: shown as a list. */
    static String reasons(String jsonArray) {
        String inner = jsonArray == null ? "" : jsonArray.trim();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        return inner.replace("\"", "").replace(",", ", ");
    }
}
