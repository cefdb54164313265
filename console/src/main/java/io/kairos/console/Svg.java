package io.kairos.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The two pictures, drawn as inline SVG on the server: no chart library, no JavaScript, and the
 * numbers are in the page's markup (each shape carries {@code data-*} attributes), so a test reads
 * what a person sees.
 */
final class Svg {
    private static final String[] PYRAMID_COLOURS = {"#17324d", "#2d5b86", "#4f86b8", "#8db6da", "#c9d3dd", "#e4e8ec"};

    private Svg() {}

    /**
     * The value pyramid: one band per buying segment, TOP at the apex, its width a fixed step (the
     * shape of a pyramid), its label the count; INACTIVE and PROSPECT as the base below.
     */
    static String pyramid(Map<String, Long> bySegment) {
        List<String> order = Segments.ORDER;
        int width = 520;
        int band = 46;
        int gap = 4;
        int height = order.size() * (band + gap);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"pyramid\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"value pyramid\">",
                width, height, width, height));
        long total = bySegment.values().stream().mapToLong(Long::longValue).sum();
        for (int i = 0; i < order.size(); i++) {
            String segment = order.get(i);
            long count = bySegment.getOrDefault(segment, 0L);
            double top = 60 + i * 76.0;
            double bottom = top + 76.0;
            double y = i * (band + gap);
            double cx = width / 2.0;
            String points = String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f",
                    cx - top / 2, y, cx + top / 2, y, cx + bottom / 2, y + band, cx - bottom / 2, y + band);
            String text = i >= 3 ? "#1d2733" : "#ffffff";
            svg.append("<g class=\"segment\" data-segment=\"").append(segment).append("\" data-count=\"").append(count).append("\">")
                    .append("<polygon points=\"").append(points).append("\" fill=\"").append(PYRAMID_COLOURS[i]).append("\"/>")
                    .append(String.format(Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" font-size=\"13\">%s %,d%s</text>",
                            cx, y + band / 2.0 + 5, text, segment, count,
                            total > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * count / total) : ""))
                    .append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /**
     * The movement matrix as a heat map: FROM down the side, TO across the top, each cell shaded
     * by its share of the largest cell and linked to the customers who made that move. Moves down
     * are shaded red, moves up green.
     */
    static String heatMap(MovementMatrix matrix, BiFunction<String, String, String> cellLink) {
        List<String> segments = matrix.segments();
        int cell = 64;
        int left = 80;
        int head = 28;
        int size = segments.size();
        int width = left + size * cell + 4;
        int height = head + size * cell + 24;
        long max = Math.max(1, matrix.max());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"heatmap\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"movement matrix\">",
                width, height, width, height));
        for (int j = 0; j < size; j++) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"11\">%s</text>",
                    left + j * cell + cell / 2, Html.esc(segments.get(j))));
        }
        for (int i = 0; i < size; i++) {
            String from = segments.get(i);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">%s</text>",
                    left - 6, head + i * cell + cell / 2 + 4, Html.esc(from)));
            for (int j = 0; j < size; j++) {
                String to = segments.get(j);
                long count = matrix.count(from, to);
                double share = (double) count / max;
                String fill = from.equals(to) ? "#f0f2f5"
                        : count == 0 ? "#ffffff"
                        : Segments.isDown(from, to) ? shade(179, 54, 27, share) : shade(31, 122, 70, share);
                String rect = String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#d5dbe2\"/>"
                                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\">%s</text>",
                        left + j * cell, head + i * cell, cell, cell, fill,
                        left + j * cell + cell / 2, head + i * cell + cell / 2 + 4, share > 0.55 ? "#fff" : "#1d2733",
                        count == 0 ? "" : String.format(Locale.ROOT, "%,d", count));
                String attrs = "class=\"cell\" data-from=\"" + Html.esc(from) + "\" data-to=\"" + Html.esc(to)
                        + "\" data-count=\"" + count + "\"";
                if (count > 0 && !from.equals(to)) {
                    svg.append("<a href=\"").append(Html.esc(cellLink.apply(from, to))).append("\" ").append(attrs).append(">")
                            .append("<title>").append(Html.esc(from + " to " + to + ": " + count)).append("</title>")
                            .append(rect).append("</a>");
                } else {
                    svg.append("<g ").append(attrs).append(">").append(rect).append("</g>");
                }
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#6b7785\">from (rows) to (columns)</text>",
                left, height - 6));
        return svg.append("</svg>").toString();
    }

    /** A colour between white (share 0) and the given one (share 1). */
    static String shade(int r, int g, int b, double share) {
        double s = 0.15 + 0.85 * Math.max(0, Math.min(1, share));
        return String.format(Locale.ROOT, "#%02x%02x%02x",
                (int) Math.round(255 - (255 - r) * s), (int) Math.round(255 - (255 - g) * s), (int) Math.round(255 - (255 - b) * s));
    }
}
