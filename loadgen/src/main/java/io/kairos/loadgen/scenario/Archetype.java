package io.kairos.loadgen.scenario;

/**
 * How a synthetic customer behaves over months: how often they come, whether and what they buy,
 * and whether they drift away. Shares add up to 1.
 */
public enum Archetype {
    /** Buys every one to two weeks (jittered), mostly consumables; rarely leaves a cart. */
    LOYAL_REGULAR(0.15),
    /** Buys every one to three months, anything; browses in between. */
    OCCASIONAL(0.20),
    /** Buys only cheap products, in bursts of a few purchases days apart; leaves many carts. */
    BARGAIN_HUNTER(0.10),
    /** Registers and browses, sometimes carts, never buys. */
    PROSPECT(0.22),
    /** Buys once, browses a little around it, then is never seen again. */
    ONE_TIME(0.13),
    /**
     * Buys regularly, then slows down (longer gaps, support pages) and stops for good at a
     * planted churn time: the churners the early warning must find.
     */
    DRIFTER(0.20);

    public final double share;

    Archetype(double share) {
        this.share = share;
    }

    /** The archetype of a uniform draw {@code u} in [0, 1). */
    static Archetype of(double u) {
        double sum = 0;
        for (Archetype a : values()) {
            sum += a.share;
            if (u < sum) {
                return a;
            }
        }
        return DRIFTER;
    }

    /** Whether the archetype ever buys. */
    public boolean buys() {
        return this != PROSPECT;
    }
}
