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
