package io.kairos.loadgen.csvimport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which column holds what: a header name (case-insensitive, blanks around it ignored) or a
 * 1-based position ("7"). Customer and time are required, and a price or an amount; the rest
 * may be null.
 */
public record Columns(String customer, String time, String order, String product, String category,
                      String quantity, String price, String amount) {

    public static final Columns NONE = new Columns(null, null, null, null, null, null, null, null);

    /** The flag that sets each column, by field name, in order. */
    static final Map<String, Function<Columns, String>> FLAGS = flags();

    private static Map<String, Function<Columns, String>> flags() {
        Map<String, Function<Columns, String>> m = new LinkedHashMap<>();
        m.put("--customer-column", Columns::customer);
        m.put("--time-column", Columns::time);
        m.put("--order-column", Columns::order);
        m.put("--product-column", Columns::product);
        m.put("--category-column", Columns::category);
        m.put("--quantity-column", Columns::quantity);
        m.put("--price-column", Columns::price);
        m.put("--amount-column", Columns::amount);
        return m;
    }

    /** Where each column is in a row (0-based), -1 for the columns not given. */
    public record At(int customer, int time, int order, int product, int category, int quantity, int price,
                     int amount) {
        int max() {
            return Math.max(Math.max(Math.max(customer, time), Math.max(order, product)),
                    Math.max(Math.max(category, quantity), Math.max(price, amount)));
        }
    }

    /** The given columns that {@code header} does not have, by flag and reference. */
    public List<String> missing(List<String> header) {
        List<String> missing = new ArrayList<>();
        FLAGS.forEach((flag, get) -> {
            String ref = get.apply(this);
            if (ref != null && index(ref, header) < 0) {
                missing.add(flag + " '" + ref + "'");
            }
        });
        return missing;
    }

    /**
     * Positions in a row.
     *
     * @param header the header's names, or the layout's when the file has no header, or null
     *     (then only positions can be resolved)
     * @param width the number of columns of the header or of the first row
     */
    public At resolve(List<String> header, int width, String where) throws ImportFailure {
        if (customer == null || time == null) {
            throw ImportFailure.usage("name the customer and the time columns (--customer-column,"
                    + " --time-column: a header name or a position from 1), or give a --layout");
        }
        if (price == null && amount == null) {
            throw ImportFailure.usage("name a --price-column (with a --quantity-column, or 1 each) or an"
                    + " --amount-column");
        }
        int[] at = new int[FLAGS.size()];
        int k = 0;
        for (Map.Entry<String, Function<Columns, String>> e : FLAGS.entrySet()) {
            at[k++] = resolveOne(e.getValue().apply(this), e.getKey(), header, width, where);
        }
        return new At(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7]);
    }

    private static int resolveOne(String ref, String flag, List<String> header, int width, String where)
            throws ImportFailure {
        if (ref == null) {
            return -1;
        }
        if (isPosition(ref)) {
            int p = Integer.parseInt(ref.trim());
            if (p < 1 || p > width) {
                throw ImportFailure.usage(String.format("%s %s: %s has %d columns (positions count from 1)",
                        flag, ref.trim(), where, width));
            }
            return p - 1;
        }
        if (header == null) {
            throw ImportFailure.usage(flag + " '" + ref + "': without a header row, give columns by position"
                    + " (1 is the first) or a --layout");
        }
        int i = index(ref, header);
        if (i < 0) {
            throw ImportFailure.usage("no column '" + ref + "' in " + where + " " + header + "; name the right one"
                    + " with " + flag + " (a name, or a position from 1)");
        }
        return i;
    }

    static boolean isPosition(String ref) {
        String r = ref.trim();
        return !r.isEmpty() && r.length() <= 6 && r.chars().allMatch(Character::isDigit);
    }

    private static int index(String ref, List<String> header) {
        if (isPosition(ref)) {
            return Integer.parseInt(ref.trim()) - 1 < header.size() ? 0 : -1;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(ref.trim())) {
                return i;
            }
        }
        return -1;
    }
}
