package io.kairos.churn;

/** Sums of probabilities kept as logarithms, where the probabilities themselves would underflow. */
public final class LogSpace {
    private LogSpace() {}

    /** log(e^a + e^b), exact when either is −∞. */
    public static double add(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }
}
