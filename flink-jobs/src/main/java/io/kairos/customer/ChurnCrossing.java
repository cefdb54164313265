package io.kairos.customer;

/**
 * When a silent customer's P(left) will reach a level: the search behind {@link
 * ChurnRiskModel#nextCrossing}. P(left) rises with silence for a fixed history, and its log-odds
 * is smooth in the silence, so regula falsi (the Illinois variant, which keeps it from stalling
 * at one end of the bracket) needs a handful of evaluations where bisection to the minute from a
 * doubling bracket needed about thirty. Each evaluation integrates over the silence, so that
 * count is what the operator pays per event.
 */
final class ChurnCrossing {
    private static final double MINUTE_DAYS = 1.0 / 1440;
    private static final int MAX_STEPS = 100;

    private ChurnCrossing() {}

    /**
     * Days after the history's T at which P(left) first reaches {@code level} with nothing
     * happening (the cues held where they are), within a minute and not before it; NaN if it is
     * there already or not within {@code spanDays}.
     */
    static double daysUntil(ChurnRiskModel model, ChurnRiskModel.History h, double level, double spanDays) {
        double target = Math.log(level) - Math.log1p(-level);
        double fLo = logOddsLeft(model, h) - target;
        if (fLo >= 0 || !(spanDays > 0)) {
            return Double.NaN; // already there: only an event changes it
        }
        double fHi = logOddsLeft(model, h.later(spanDays)) - target;
        if (fHi < 0) {
            return Double.NaN; // below the level at the end, so all the way (it rises)
        }
        double lo = 0, hi = spanDays;
        int lastMoved = 0; // -1: hi moved last, 1: lo moved last
        for (int i = 0; i < MAX_STEPS && hi - lo > MINUTE_DAYS; i++) {
            double mid = hi - fHi * (hi - lo) / (fHi - fLo);
            if (!(mid > lo + MINUTE_DAYS / 2 && mid < hi - MINUTE_DAYS / 2)) {
                mid = lo + (hi - lo) / 2; // an infinite end or no progress: bisect
            }
            double f = logOddsLeft(model, h.later(mid)) - target;
            if (f >= 0) {
                hi = mid;
                fHi = f;
                fLo = lastMoved == -1 ? fLo / 2 : fLo;
                lastMoved = -1;
            } else {
                lo = mid;
                fLo = f;
                fHi = lastMoved == 1 ? fHi / 2 : fHi;
                lastMoved = 1;
            }
        }
        return hi;
    }

    /** log(P(left) / P(alive)); infinite where P(alive) is exactly 0 or 1. */
    private static double logOddsLeft(ChurnRiskModel model, ChurnRiskModel.History h) {
        double pAlive = model.pAlive(h);
        return Math.log1p(-pAlive) - Math.log(pAlive);
    }
}
