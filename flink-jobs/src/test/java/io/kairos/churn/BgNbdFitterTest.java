package io.kairos.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fitter recovers the parameters that simulated the data (the operators' refit path). */
class BgNbdFitterTest {

    private static void assertNear(double expected, double actual, double relative, String name) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                name + ": fitted " + actual + ", simulated with " + expected);
    }

    @Test
    void recoversTheParametersItWasSimulatedWith() {
        BgNbdParameters truth = new BgNbdParameters(0.5, 20, 0.8, 2.5);
        List<CustomerHistory> customers = BgNbdSimulator.simulate(truth, 10_000, 90, 455, 7);

        BgNbdFitter fitter = new BgNbdFitter(customers);
        BgNbdFitter.FitResult fit = fitter.fit();

        BgNbdParameters p = fit.parameters();
        assertNear(truth.r(), p.r(), 0.15, "r");
        assertNear(truth.alpha(), p.alpha(), 0.15, "alpha");
        assertNear(truth.a(), p.a(), 0.25, "a");
        assertNear(truth.b(), p.b(), 0.25, "b");
        // A maximum: at least as likely as the truth.
        assertTrue(fit.logLikelihood() >= fitter.logLikelihood(truth) - 1e-6);
        assertEquals(10_000, fit.customers());
    }

    @Test
    void theFittersLikelihoodIsTheModelsSummedOverCustomers() {
        BgNbdParameters p = new BgNbdParameters(0.243, 30.9, 0.793, 2.426);
        List<CustomerHistory> customers = List.of(
                new CustomerHistory(0, 0, 200), new CustomerHistory(3, 80.5, 200), new CustomerHistory(10, 30, 365));
        BgNbdModel model = new BgNbdModel(p);
        double expected = customers.stream().mapToDouble(c -> model.logLikelihood(c.x(), c.tx(), c.T())).sum();
        assertEquals(expected, new BgNbdFitter(customers).logLikelihood(p), 1e-9);
    }

    @Test
    void recoversMbgNbdParametersFromAnMbgNbdPopulation() {
        BgNbdParameters truth = new BgNbdParameters(0.5, 20, 0.8, 2.5, BgNbdParameters.Variant.MBG);
        List<CustomerHistory> customers = BgNbdSimulator.simulate(truth, 10_000, 90, 455, 7);

        BgNbdFitter fitter = new BgNbdFitter(customers, BgNbdParameters.Variant.MBG);
        BgNbdFitter.FitResult fit = fitter.fit();

        BgNbdParameters p = fit.parameters();
        assertEquals(BgNbdParameters.Variant.MBG, p.variant());
        assertNear(truth.r(), p.r(), 0.15, "r");
        assertNear(truth.alpha(), p.alpha(), 0.15, "alpha");
        assertNear(truth.a(), p.a(), 0.25, "a");
        assertNear(truth.b(), p.b(), 0.25, "b");
        assertTrue(fit.logLikelihood() >= fitter.logLikelihood(truth) - 1e-6);
    }

    /**
     * MBG/NBD's likelihood (Batislam, Denizel and Filiztekin 2007, eq. 3) by hand, from the
     * integrals it comes from: alive through x+1 drop-out chances, E[(1-p)^(x+1)] = B(a, b+x+1)/B(a, b),
     * or dropped out at the last, E[p (1-p)^x] = B(a+1, b+x)/B(a, b); and the gamma integral
     * E[λ^x e^(-λt)] = Γ(r+x)/Γ(r) α^r/(α+t)^(r+x). Beta and gamma functions from their
     * factorials where the arguments make that exact: r = 1, a = 1, b = 2, α = 10.
     */
    @Test
    void theMbgNbdLikelihoodMatchesAHandComputation() {
        BgNbdParameters p = new BgNbdParameters(1, 10, 1, 2, BgNbdParameters.Variant.MBG);
        // B(1, n) = 1/n; B(2, n) = 1/(n (n+1)); Γ(1+x)/Γ(1) = x!; α^r = 10
        // one-time buyer, T = 30: (1-p) alive, or p dropped out at once:
        // B(1,3)/B(1,2) * 10/40 + B(2,2)/B(1,2) * 10/10 = (2/3)(1/4) + (1/3)(1) = 1/2
        double oneTime = (2.0 / 3) * (10.0 / 40) + (1.0 / 3) * 1;
        // x = 2, t_x = 20, T = 50: B(1,5)/B(1,2) 2! 10/60^3 + B(2,4)/B(1,2) 2! 10/30^3
        double repeat = (2.0 / 5) * 2 * 10 / Math.pow(60, 3) + (2.0 / 20) * 2 * 10 / Math.pow(30, 3);
        BgNbdModel model = new BgNbdModel(p);
        assertEquals(Math.log(oneTime), model.logLikelihood(0, 0, 30), 1e-12);
        assertEquals(Math.log(repeat), model.logLikelihood(2, 20, 50), 1e-12);
        List<CustomerHistory> customers = List.of(new CustomerHistory(0, 0, 30), new CustomerHistory(2, 20, 50));
        assertEquals(Math.log(oneTime) + Math.log(repeat),
                new BgNbdFitter(customers, BgNbdParameters.Variant.MBG).logLikelihood(p), 1e-12);
        // P(alive) = alive term over the sum: a one-time buyer's falls with silence under MBG/NBD
        assertEquals((2.0 / 3) * (10.0 / 40) / oneTime, model.pAlive(0, 0, 30), 1e-12);
        assertTrue(model.pAlive(0, 0, 60) < model.pAlive(0, 0, 30));
        assertEquals(1.0, new BgNbdModel(new BgNbdParameters(1, 10, 1, 2)).pAlive(0, 0, 30));
    }

    @Test
    void mbgNbdIsBgNbdWithOneMoreChanceForWhatComesNext() {
        // Alive now with x repeat purchases, MBG/NBD's expectation is BG/NBD's with b + 1 (eq. 5).
        BgNbdParameters mbg = new BgNbdParameters(0.46, 41.7, 0.98, 2.29, BgNbdParameters.Variant.MBG);
        BgNbdParameters bgShifted = new BgNbdParameters(0.46, 41.7, 0.98, 3.29);
        assertEquals(new BgNbdModel(bgShifted).expectedPurchases(90, 3, 60, 100),
                new BgNbdModel(mbg).expectedPurchases(90, 3, 60, 100), 1e-9);
        assertEquals(new BgNbdModel(bgShifted).pAlive(3, 60, 100), new BgNbdModel(mbg).pAlive(3, 60, 100), 1e-12);
    }

    @Test
    void aFitAtTheEdgeOfTheParameterSpaceIsDegenerate() {
        BgNbdParameters interior = new BgNbdParameters(0.5, 20, 0.8, 2.5, BgNbdParameters.Variant.MBG);
        assertTrue(!new BgNbdFitter.FitResult(interior, -1, 1, 1).degenerate());
        // what MBG/NBD's fit gave on BacktestITCase's small population
        BgNbdParameters edge = new BgNbdParameters(1.8e11, 2.4e12, 1e-9, 1e-9, BgNbdParameters.Variant.MBG);
        assertTrue(new BgNbdFitter.FitResult(edge, -1037.6, 1, 1).degenerate());
    }

    @Test
    void refusesDataThatCannotIdentifyTheModel() {
        assertThrows(IllegalArgumentException.class, () -> new BgNbdFitter(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BgNbdFitter(List.of(new CustomerHistory(0, 0, 10), new CustomerHistory(0, 0, 20))));
        assertTrue(e.getMessage().contains("repeat purchases"), e.getMessage());
    }

    @Test
    void theSimulationIsSeeded() {
        BgNbdParameters p = new BgNbdParameters(0.5, 20, 0.8, 2.5);
        assertEquals(BgNbdSimulator.simulate(p, 100, 30, 365, 1), BgNbdSimulator.simulate(p, 100, 30, 365, 1));
    }
}
