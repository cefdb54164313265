package io.kairos.deliver;

import java.util.List;

/** A list of strings as a JSON array, for hash fields that hold lists (reasons, categories). */
final class JsonStrings {
    private JsonStrings() {}

    static String array(List<? extends CharSequence> values) {
        StringBuilder json = new StringBuilder(16 * values.size() + 2).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(values.get(i), json);
        }
        return json.append(']').toString();
    }

    private static void quote(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
