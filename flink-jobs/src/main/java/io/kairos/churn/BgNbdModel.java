package io.kairos.churn;

import java.io.Serializable;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.special.Beta;

/**
 * The BG/NBD (or MBG/NBD, by the parameters' variant) model's per-customer quantities, from a customer's summary: {@code x} repeat purchases
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
     * P(alive | x, tx, T) = 1 / (1 + odds(x) ((alpha + T) / (alpha + tx))^(r + x)), odds(x) =
     * {@link BgNbdParameters#dropOutOdds}: a / (b + x - 1) for x > 0 and 0 for x = 0 in BG/NBD (a
     * one-time buyer cannot have dropped out yet), a / (b + x) for every x in MBG/NBD (Batislam et
     * al. 2007, eq. 4), where a one-time buyer's P(alive) falls with their silence too.
     */
    public double pAlive(int x, double tx, double T) {
        double odds = p.dropOutOdds(x);
        if (odds == 0) {
            return 1.0;
        }
        double logOdds = Math.log(odds) + (p.r() + x) * Math.log((p.alpha() + Math.max(T, tx)) / (p.alpha() + tx));
        return 1.0 / (1.0 + Math.exp(logOdds));
    }

    /**
     * The age (days since the first purchase) at which P(alive) falls to {@code threshold}, if no
     * purchase comes first: the inverse of {@link #pAlive} in T. At least {@code tx}; infinite for
     * a BG/NBD one-time buyer, whose P(alive) never falls.
     */
    public double ageWhenPAliveFallsTo(double threshold, int x, double tx) {
        double dropOut = p.dropOutOdds(x);
        if (dropOut == 0) {
            return Double.POSITIVE_INFINITY;
        }
        // 1/p - 1 = odds(x) * ((alpha+T)/(alpha+tx))^(r+x)
        double odds = (1 / threshold - 1) / dropOut;
        if (odds <= 1) {
            return tx; // P(alive) is at or below the threshold right after the purchase
        }
        double ratio = Math.exp(Math.log(odds) / (p.r() + x));
        return Math.max(tx, (p.alpha() + tx) * ratio - p.alpha());
    }

    /**
     * Expected number of purchases in the next {@code t} days for a customer with summary
     * (x, tx, T): Fader, Hardie and Lee (2005), equation 10,
     *
     * <pre>
     *   (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)]
     *   / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x)),     z = t/(alpha+T+t).
     * </pre>
     *
     * Evaluated through Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A,C-B;C;z),
     * which turns the bracket into 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the literal form
     * multiplies a series whose terms grow like C(n+x, n) z^n (overflowing for frequent buyers
     * and long horizons) by a power that underflows, while the transformed series has small
     * parameters and converges faster the larger x is. Writing 2F1(.., a-1; ..) = 1 + (a-1) S
     * also removes the 0/0 at a = 1 that the published form has. MBG/NBD's (Batislam et al. 2007,
     * eq. 5) is the same with b + 1 in place of b and its denominator for x = 0 too.
     */
    public double expectedPurchases(double t, int x, double tx, double T) {
        if (!(t > 0)) {
            return 0;
        }
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.bAfter(x) - x;
        double z = t / (alpha + T + t);
        double logOneMinusZ = Math.log((alpha + T) / (alpha + T + t));
        double eps = a - 1;
        double c = a + b + x - 1;
        // S = sum_{n>=1} (A)_n (eps+1)_(n-1) z^n / ((c)_n n!), A = a+b-1-r
        double bigA = a + b - 1 - r;
        double term = bigA * z / c, s = term;
        for (int n = 1; n < 100_000 && Math.abs(term) > 1e-15 * Math.abs(s); n++) {
            term *= (bigA + n) * (eps + n) / ((c + n) * (n + 1)) * z;
            s += term;
        }
        // [1 - (1-z)^eps (1 + eps S)] / eps = -expm1(eps L)/eps - (1-z)^eps S, L = log(1-z)
        double firstPart = eps == 0 ? -logOneMinusZ : -Math.expm1(eps * logOneMinusZ) / eps;
        double num = c * (firstPart - Math.exp(eps * logOneMinusZ) * s);
        double den = 1 + p.dropOutOdds(x) * Math.pow((alpha + T) / (alpha + tx), r + x);
        return num / den;
    }

    /**
     * Expected purchases in the next {@code t} days for a customer known to be alive now: {@link
     * #expectedPurchases} without its P(alive) factor (the numerator of equation 10), which still
     * counts drop-outs after the purchases to come.
     */
    public double expectedPurchasesIfAlive(double t, int x, double T) {
        // eq. 10 with tx = T, where the customer is alive for sure: denominator 1 + odds(x)
        double den = 1 + p.dropOutOdds(x);
        return expectedPurchases(t, x, T, T) * den;
    }

    /**
     * The log-likelihood of one customer's summary (x, tx, T), in log space to stay finite for
     * frequent buyers. BG/NBD: Fader, Hardie and Lee (2005), equation 6,
     * <pre>
     *   B(a, b+x)/B(a, b) Γ(r+x) α^r/Γ(r) [(α+T)^-(r+x) + [x > 0] a/(b+x-1) (α+t_x)^-(r+x)];
     * </pre>
     * MBG/NBD (Batislam et al. 2007, eq. 3): alive through x+1 chances, or dropped out at the last,
     * <pre>
     *   B(a, b+x+1)/B(a, b) Γ(r+x) α^r/Γ(r) [(α+T)^-(r+x) + a/(b+x) (α+t_x)^-(r+x)].
     * </pre>
     */
    public double logLikelihood(int x, double tx, double T) {
        double r = p.r(), alpha = p.alpha(), a = p.a(), b = p.b();
        double common = Beta.logBeta(a, p.bAfter(x)) - Beta.logBeta(a, b)
                + Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha);
        double term1 = -(r + x) * Math.log(alpha + T);
        double odds = p.dropOutOdds(x);
        if (odds == 0) {
            return common + term1;
        }
        double term2 = Math.log(odds) - (r + x) * Math.log(alpha + tx);
        double max = Math.max(term1, term2);
        return common + max + Math.log(Math.exp(term1 - max) + Math.exp(term2 - max));
    }

    /**
     * The Gaussian hypergeometric function 2F1 by its plain series, for |z| < 1. No longer used by
     * {@link #expectedPurchases}; kept so tests can check the transformed evaluation against the
     * published formula where the plain series is still safe.
     */
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
