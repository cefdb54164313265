package io.kairos.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The console's page frame and the few helpers every page needs. Everything shown is escaped here:
 * customer ids, offer titles and reasons come from the job's input, which anyone may have written.
 */
final class Html {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {}

    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** Epoch ms as UTC date and time; 0 or less as a dash. */
    static String time(long epochMillis) {
        return epochMillis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
    }

    static String time(String epochMillis) {
        try {
            return time(Long.parseLong(epochMillis));
        } catch (NumberFormatException e) {
            return esc(epochMillis);
        }
    }

    static String customerLink(String customerId) {
        return "<a class=\"cid\" href=\"/customer/" + esc(url(customerId)) + "\">" + esc(customerId) + "</a>";
    }

    /** A whole page: the navigation with {@code active} marked, then {@code body}. */
    static String page(String title, String active, String body) {
        StringBuilder nav = new StringBuilder();
        String[][] items = {{"/", "Pyramid"}, {"/customer", "Customer"}, {"/live", "Live decisions"}, {"/churn", "Churn watch"}};
        for (String[] item : items) {
            nav.append("<a href=\"").append(item[0]).append("\"")
                    .append(item[1].equals(active) ? " class=\"active\"" : "")
                    .append(">").append(item[1]).append("</a>");
        }
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · Kairos console</title><style>" + CSS + "</style></head><body>"
                + "<header><span class=\"brand\">Kairos</span><nav>" + nav + "</nav>"
                + "<form class=\"search\" action=\"/customer\" method=\"get\"><input name=\"id\" placeholder=\"customer id\""
                + " aria-label=\"customer id\"><button>Open</button></form></header><main><h1>" + esc(title) + "</h1>"
                + body + "</main><footer>Read-only view of the engine's outputs: Redis (contract v3) and the"
                + " decisions and customer-signals topics.</footer></body></html>";
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2733;background:#f5f7fa}
            header{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#17324d;color:#fff}
            header .brand{font-weight:700;font-size:18px;letter-spacing:.5px}
            nav a{color:#cfe0f2;text-decoration:none;margin-right:16px;padding:4px 0}
            nav a.active{color:#fff;border-bottom:2px solid #f4b942}
            form.search{margin-left:auto}form.search input{padding:4px 8px;border-radius:4px;border:0;width:160px}
            button{padding:4px 10px;border-radius:4px;border:1px solid #8aa;background:#fff;cursor:pointer}
            main{padding:8px 24px 24px}h1{font-size:20px;margin:12px 0}h2{font-size:16px;margin:20px 0 8px}
            .cards{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
            .card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:12px 16px}
            table{border-collapse:collapse;background:#fff}th,td{padding:4px 10px;border-bottom:1px solid #e5e9ee;text-align:left;vertical-align:top}
            th{background:#eef2f6;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            .muted{color:#6b7785}.tag{display:inline-block;padding:0 6px;border-radius:10px;background:#e8eef5;font-size:12px}
            .SENT{background:#d9f2e3}.SUPPRESSED{background:#fbe3d6}.HOLDOUT{background:#e6e1f7}.DEFERRED{background:#fff2c9}.NO_CANDIDATE{background:#eee}
            a.cid{font-family:ui-monospace,monospace}.down{color:#b3361b}.up{color:#1f7a46}
            footer{padding:12px 24px;color:#6b7785;font-size:12px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0}dt{color:#6b7785}
            """;
}
