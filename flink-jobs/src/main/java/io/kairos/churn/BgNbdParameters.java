package io.kairos.churn;

import java.io.Serializable;
import java.util.Locale;

/**
 * Parameters of the BG/NBD buy-till-you-die model (Fader, Hardie and Lee, 2005), with time in
 * days: while alive, a customer buys at a rate drawn from Gamma(r, alpha); after every purchase
 * they drop out with a probability drawn from Beta(a, b).
 *
 * @param r shape of the purchase-rate gamma
 * @param alpha scale of the purchase-rate gamma, in days
 * @param a first shape of the drop-out beta
 * @param b second shape of the drop-out beta
 */
public record BgNbdParameters(double r, double alpha, double a, double b) implements Serializable {

    public BgNbdParameters {
        check("r", r);
        check("alpha", alpha);
        check("a", a);
        check("b", b);
    }

    private static void check(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be a positive finite number, got " + value);
        }
    }

    /**
     * The published fit to the CDNOW sample (r 0.243, alpha 4.414 weeks, a 0.793, b 2.426), with
     * alpha in days: a reasonable prior for retail until the model is refitted on own history.
     */
    public static BgNbdParameters defaults() {
        return new BgNbdParameters(0.243, 4.414 * 7, 0.793, 2.426);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "r=%.4f alpha=%.4f a=%.4f b=%.4f", r, alpha, a, b);
    }
}
