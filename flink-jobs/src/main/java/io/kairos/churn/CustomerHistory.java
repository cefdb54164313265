package io.kairos.churn;

/**
 * One customer's purchase summary, the only data BG/NBD needs: {@code x} repeat purchases
 * (purchases after the first), {@code tx} the age at the last purchase and {@code T} the age at the
 * end of observation, both in days since the first purchase (tx = 0 when x = 0).
 */
public record CustomerHistory(int x, double tx, double T) {

    public CustomerHistory {
        // Checked here so that a bad summary fails where it is built, not as a NaN in a fit.
        if (x < 0) {
            throw new IllegalArgumentException("x must be >= 0, got " + x);
        }
        if (!(tx >= 0) || !(T >= tx) || Double.isInfinite(T)) {
            throw new IllegalArgumentException(
                    "need 0 <= tx <= T < infinity, got tx=" + tx + " T=" + T);
        }
        if (x == 0 && tx != 0) {
            throw new IllegalArgumentException("tx must be 0 without repeat purchases, got " + tx);
        }
    }
}
