package io.kairos.console;

import static io.kairos.console.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * The first page: the pyramid now (segment counts from the profiles in Redis), the movement matrix
 * of a day or range as a heat map, and the customers behind a move, down by default.
 */
final class PyramidPage {
    private PyramidPage() {}

    /**
     * @param cellFrom, cellTo the cell whose customers are listed; null: every move down
     * @param movers the moves on the range's days from the signals read (newest first)
     */
    static String render(ProfileCensus census, DayRange range, MovementMatrix matrix,
                         String cellFrom, String cellTo, List<SignalView> movers) {
        StringBuilder body = new StringBuilder("<div class=\"cards\">");
        body.append("<section class=\"card\" id=\"pyramid\"><h2>Value pyramid now</h2>")
                .append(Svg.pyramid(census.bySegment()))
                .append("<table class=\"segments\"><tr><th>segment</th><th class=\"num\">customers</th></tr>");
        for (String segment : Segments.ORDER) {
            body.append("<tr data-segment=\"").append(segment).append("\"><td>").append(segment)
                    .append("</td><td class=\"num count\">").append(String.format(Locale.ROOT, "%,d", census.count(segment)))
                    .append("</td></tr>");
        }
        census.bySegment().keySet().stream().filter(s -> !Segments.ORDER.contains(s)).forEach(s ->
                body.append("<tr data-segment=\"").append(esc(s)).append("\"><td>").append(esc(s))
                        .append("</td><td class=\"num count\">").append(census.count(s)).append("</td></tr>"));
        body.append(String.format(Locale.ROOT,
                "<tr><th>profiles</th><th class=\"num\" id=\"profiles\">%,d</th></tr></table>"
                        + "<p class=\"muted\">Profiles in Redis, counted at %s (sweep took %d ms).</p></section>",
                census.profiles(), Html.time(census.takenAt()), census.sweepMillis()));

        body.append("<section class=\"card\" id=\"movements\"><h2>Movements, ").append(esc(range)).append("</h2>")
                .append("<form method=\"get\" action=\"/\">from <input type=\"date\" name=\"from\" value=\"")
                .append(range.from()).append("\"> to <input type=\"date\" name=\"to\" value=\"").append(range.to())
                .append("\"> <button>Show</button></form>")
                .append(Svg.heatMap(matrix, (f, t) -> "/?from=" + range.from() + "&to=" + range.to()
                        + "&cellFrom=" + Html.url(f) + "&cellTo=" + Html.url(t) + "#movers"))
                .append(String.format(Locale.ROOT,
                        "<p>%,d moves, <a class=\"down\" href=\"/?from=%s&to=%s#movers\">%,d down</a> (UTC days, from"
                                + " <code>kairos:movements:{day}</code>).</p></section>",
                        matrix.total(), range.from(), range.to(), matrix.down()));
        body.append("</div>");

        boolean cell = cellFrom != null && cellTo != null;
        body.append("<section id=\"movers\"><h2>")
                .append(cell ? "Moved " + esc(cellFrom) + " to " + esc(cellTo) : "Moved down")
                .append(", ").append(esc(range)).append("</h2>");
        if (movers.isEmpty()) {
            body.append("<p class=\"muted\">None among the signals the console has read (it reads customer-signals"
                    + " from its look-back window on).</p>");
        } else {
            body.append("<table class=\"movers\"><tr><th>customer</th><th>from</th><th>to</th><th>when</th><th>cause</th></tr>");
            for (SignalView s : movers) {
                body.append("<tr><td>").append(Html.customerLink(s.customerId())).append("</td><td>").append(esc(s.from()))
                        .append("</td><td class=\"").append(Segments.isDown(s.from(), s.to()) ? "down" : "up").append("\">")
                        .append(esc(s.to())).append("</td><td>").append(Html.time(s.eventTime())).append("</td><td class=\"muted\">")
                        .append(esc(s.cause())).append("</td></tr>");
            }
            body.append("</table>");
        }
        body.append("</section>");
        return Html.page("Pyramid and movements", "Pyramid", body.toString());
    }
}
