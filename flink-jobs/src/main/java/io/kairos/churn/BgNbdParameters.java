package io.kairos.churn;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Parameters of a buy-till-you-die model, with time in days: while alive, a customer buys at a
 * rate drawn from Gamma(r, alpha); how they die is the {@link Variant}. Beta-geometric: at each
 * drop-out opportunity they leave with a probability drawn from Beta(a, b), after every repeat
 * purchase (BG/NBD, Fader, Hardie and Lee 2005) or after the first purchase too (MBG/NBD,
 * Batislam, Denizel and Filiztekin 2007; Hoppe and Wagner 2007). Pareto/NBD (Schmittlein,
 * Morrison and Colombo 1987, {@link ParetoNbd}): at any moment, at a rate drawn from Gamma(s, β),
 * with s in a and β (days) in b. The same four numbers mean different populations under each, so
 * the variant belongs to them.
 *
 * @param r shape of the purchase-rate gamma
 * @param alpha scale of the purchase-rate gamma, in days
 * @param a first shape of the drop-out beta; Pareto/NBD: shape s of the death-rate gamma
 * @param b second shape of the drop-out beta; Pareto/NBD: scale β of the death-rate gamma, in days
 * @param variant where a customer can drop out
 */
public record BgNbdParameters(double r, double alpha, double a, double b, Variant variant) implements Serializable {

    /** Where a customer can drop out. */
    public enum Variant {
        /** BG/NBD: after each repeat purchase; a one-time buyer is alive for sure. */
        BG,
        /** MBG/NBD: after every purchase, the first one included; x repeat purchases give x+1 chances. */
        MBG,
        /** Pareto/NBD: at any moment, at an exponential rate μ ~ Gamma(s, β); a and b are s and β. */
        PARETO;

        /**
         * The variant an option names ({@code kairos.churn.bgnbd.model}, {@code fit-churn --model}):
         * mbg, bg or pareto, in any case; an IllegalArgumentException for anything else.
         */
        public static Variant named(String model) {
            switch (model.trim().toLowerCase(Locale.ROOT)) {
                case "mbg":
                    return MBG;
                case "bg":
                    return BG;
                case "pareto":
                    return PARETO;
                default:
                    throw new IllegalArgumentException("must be mbg, bg or pareto, got '" + model + "'");
            }
        }

        /** The name an option gives it. */
        public String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BgNbdParameters {
        check("r", r);
        check("alpha", alpha);
        check("a", a);
        check("b", b);
        Objects.requireNonNull(variant, "variant");
    }

    /** BG/NBD parameters. */
    public BgNbdParameters(double r, double alpha, double a, double b) {
        this(r, alpha, a, b, Variant.BG);
    }

    private static void check(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be a positive finite number, got " + value);
        }
    }

    /**
     * The posterior odds, given x repeat purchases, of having dropped out at the last purchase
     * against having survived it: E[p (1-p)^(n-1)] / E[(1-p)^n] = a / (b + n - 1) after n
     * chances, n = x (BG) or x + 1 (MBG); 0 for a BG one-time buyer, who had no chance yet.
     */
    public double dropOutOdds(int x) {
        requireBetaGeometric();
        int chances = variant == Variant.MBG ? x + 1 : x;
        return chances <= 0 ? 0 : a / (b + chances - 1);
    }

    /**
     * b of the beta that the customer's drop-out probability has for their next purchases, given
     * they survived the chances of x repeat purchases: b + x (BG), b + x + 1 (MBG). BG/NBD's
     * formulas for what comes next hold for MBG/NBD with this in place of b + x.
     */
    public double bAfter(int x) {
        requireBetaGeometric();
        return b + x + (variant == Variant.MBG ? 1 : 0);
    }

    private void requireBetaGeometric() {
        if (variant == Variant.PARETO) {
            throw new IllegalStateException("Pareto/NBD has no drop-out chances at purchases: " + this);
        }
    }

    /**
     * The published BG/NBD fit to the CDNOW sample (r 0.243, alpha 4.414 weeks, a 0.793, b 2.426),
     * with alpha in days: the population {@code ./kairos fit-churn --simulate} draws.
     */
    public static BgNbdParameters cdnowBgNbd() {
        return new BgNbdParameters(0.243, 4.414 * 7, 0.793, 2.426);
    }

    /**
     * The job's default: MBG/NBD fitted by {@code ./kairos fit-churn --simulate 100000 --model mbg}
     * to the CDNOW-like population of {@link #cdnowBgNbd} (seed 42, 546 days, first purchases in
     * the first 91; log-likelihood -1035304.49): a reasonable prior for retail until the model is
     * refitted on own history.
     */
    public static BgNbdParameters defaults() {
        return new BgNbdParameters(DEFAULT_R, DEFAULT_ALPHA, DEFAULT_A, DEFAULT_B, Variant.MBG);
    }

    public static final double DEFAULT_R = 0.4601;
    public static final double DEFAULT_ALPHA = 41.6515;
    public static final double DEFAULT_A = 0.9786;
    public static final double DEFAULT_B = 2.2867;

    @Override
    public String toString() {
        if (variant == Variant.PARETO) {
            return String.format(Locale.ROOT, "Pareto/NBD r=%.4f alpha=%.4f s=%.4f beta=%.4f", r, alpha, a, b);
        }
        return String.format(Locale.ROOT, "%s r=%.4f alpha=%.4f a=%.4f b=%.4f",
                variant == Variant.MBG ? "MBG/NBD" : "BG/NBD", r, alpha, a, b);
    }
}
