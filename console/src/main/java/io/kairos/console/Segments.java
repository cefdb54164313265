package io.kairos.console;

import java.util.List;

/**
 * The value pyramid's segments as the engine names them in profiles, signals and movement cells
 * (docs/CUSTOMER-MODEL.md), top first, and which way a move between two of them goes.
 */
public final class Segments {
    /** Top of the pyramid first; INACTIVE buyers and PROSPECTs (never bought) form its base. */
    public static final List<String> ORDER = List.of("TOP", "HIGH", "MIDDLE", "LOW", "INACTIVE", "PROSPECT");

    private Segments() {}

    /** 0 for TOP ... 5 for PROSPECT; a name the console does not know ranks below all. */
    public static int rank(String segment) {
        int i = ORDER.indexOf(segment);
        return i < 0 ? ORDER.size() : i;
    }

    /**
     * A move down the pyramid: to a lower segment among the buyers' ones, or out of them (to
     * INACTIVE). A move to PROSPECT is an operator's reset, not a customer drifting away, and a
     * move from PROSPECT or INACTIVE is always up.
     */
    public static boolean isDown(String from, String to) {
        if ("PROSPECT".equals(to) || "PROSPECT".equals(from) || "INACTIVE".equals(from)) {
            return false;
        }
        return rank(to) > rank(from);
    }
}
