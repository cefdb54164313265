package io.kairos.churn;

import java.io.Serializable;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.special.Beta;

/**
 * The BG/NBD model's per-customer quantities, from a customer's summary: {@code x} repeat purchases
 * (purchases after the first), {@code tx} the age at the last purchase and {@code T} the age now,
 * both in days since the first purchase.
 */
public final class BgNbdModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BgNbdParameters p;

    public BgNbdModel(BgNbdParameters parameters) {
        this.p = parameters;
    }

    public BgNbdParameters parameters() {
        return p;
    }

    /**
     * P(alive | x, tx, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + tx))^(r + x)).
     * A customer without repeat purchases cannot have dropped out yet in BG/NBD (drop-out happens
     * only after a purchase), so it is 1 for x = 0: silence detection covers those.
     */
    public double pAlive(int x, double tx, double T) {
        if (x <= 0) {
            return 1.0;
        }
        double logOdds = Math.log(p.a() / (p.b() + x - 1))
                + (p.r() + x) * Math.log((p.alpha() + Math.max(T, tx)) / (p.alpha() + tx));
        return 1.0 / (1.0 + Math.exp(logOdds));
    }

    /**
     * The age (days since the first purchase) at which P(alive) falls to {@code threshold}, if no
     * purchase comes first: the inverse of {@link #pAlive} in T. At least {@code tx}; infinite for
     * x = 0, for which P(alive) never falls.
     */
    public double ageWhenPAliveFallsTo(double threshold, int x, double tx) {
        if (x <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        // 1/p - 1 = a/(b+x-1) * ((alpha+T)/(alpha+tx))^(r+x)
        double odds = (1 / threshold - 1) * (p.b() + x - 1) / p.a();
        if (odds <= 1) {
            return tx; // P(alive) is at or below the threshold right after the purchase
        }
        double ratio = Math.exp(Math.log(odds) / (p.r() + x));
        return Math.max(tx, (p.alpha() + tx) * ratio - p.alpha());
    }

    /**
     * Expected number of purchases in the next {@code t} days for a customer with summary
     * (x, tx, T): Fader, Hardie and Lee (2005), equation 10.
     */
    public double expectedPurchases(double t, int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double z = t / (alpha + T + t);
        double hyp = Hypergeometric.h2f1(r + x, b + x, a + b + x - 1, z);
        double num = (a + b + x - 1) / (a - 1)
                * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp);
        double den = 1 + (x > 0 ? a / (b + x - 1) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0);
        return num / den;
    }

    /**
     * The log-likelihood of one customer's summary (x, tx, T): Fader, Hardie and Lee (2005),
     * equation 6, computed in log space to stay finite for frequent buyers.
     */
    public double logLikelihood(int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double common = Beta.logBeta(a, b + x) - Beta.logBeta(a, b)
                + Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double term1 = -(r + x) * Math.log(alpha + T);
        if (x == 0) {
            return common + term1;
        }
        double term2 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        // log(B(a+1, b+x-1)/B(a, b+x)) = log(a / (b+x-1)); folded into term2 above
        double max = Math.max(term1, term2);
        return common + max + Math.log(Math.exp(term1 - max) + Math.exp(term2 - max));
    }

    /** The Gaussian hypergeometric function 2F1 by its series, for |z| < 1. */
    static final class Hypergeometric {
        private Hypergeometric() {}

        static double h2f1(double a, double b, double c, double z) {
            double term = 1, sum = 1;
            for (int n = 0; n < 10_000; n++) {
                term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
                sum += term;
                if (Math.abs(term) < 1e-14 * Math.abs(sum)) {
                    break;
                }
            }
            return sum;
        }
    }
}
