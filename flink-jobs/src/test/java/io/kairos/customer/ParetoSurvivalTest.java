package io.kairos.customer;

import static io.kairos.testing.TestEvents.ONE_DAY;
import static io.kairos.testing.TestEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kairos.churn.BgNbdParameters;
import io.kairos.churn.ParetoNbd;
import io.kairos.ingest.CustomerEvent;
import io.kairos.state.CustomerState;
import io.kairos.testing.TestEvents;
import org.junit.jupiter.api.Test;

/**
 * The churn model under Pareto/NBD death: Pareto/NBD's own P(alive) and no-purchase probability
 * where its assumptions hold (exponential gaps, no dormancy, purchases only), and the extensions
 * (dormancy, Erlang-k gaps) moving it the way they should.
 */
class ParetoSurvivalTest {
    private static final BgNbdParameters PARETO = new BgNbdParameters(0.79, 41.0, 0.67, 103.0, BgNbdParameters.Variant.PARETO);

    private static CustomerModelSettings settings(int maxRegularity, double dormantRate) {
        CustomerModelSettings.Builder b = CustomerModelSettings.builder();
        b.visitEvidence = false;
        b.maxRegularity = maxRegularity;
        b.dormantRate = dormantRate;
        b.bgNbd = PARETO;
        return b.build();
    }

    private static CustomerState buyer(CustomerModel m, long... purchaseTimes) {
        CustomerState s = CustomerProfile.newCustomer(purchaseTimes[0]);
        for (long t : purchaseTimes) {
            m.observe(s, CustomerEvent.of(TestEvents.purchaseWorth("c", t, 25)));
        }
        return s;
    }

    @Test
    void isParetoNbdWhereItsAssumptionsHold() {
        CustomerModelSettings plain = settings(1, 0);
        CustomerModel m = new CustomerModel(plain);
        ChurnRiskModel churn = m.churn();
        double h = plain.horizon.toMillis() / (double) ONE_DAY;
        long[][] histories = {
            {T0},
            {T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY},
            {T0, T0 + 3 * ONE_DAY, T0 + 40 * ONE_DAY, T0 + 41 * ONE_DAY, T0 + 90 * ONE_DAY, T0 + 200 * ONE_DAY},
        };
        for (long[] purchases : histories) {
            CustomerState s = buyer(m, purchases);
            int x = purchases.length - 1;
            double tx = (purchases[x] - purchases[0]) / (double) ONE_DAY;
            for (double silence : new double[] {0.5, 10, 60, 300}) {
                double bigT = tx + silence;
                long t = purchases[x] + Math.round(silence * ONE_DAY);
                ChurnRiskModel.Assessment a = churn.assess(s, t);
                String what = "x=" + x + " tx=" + tx + " silent " + silence;
                assertEquals(ParetoNbd.pAlive(PARETO, x, tx, bigT), a.pAlive, 2e-4, what);
                // no purchase in (T, T+h] given none in (t_x, T]: the likelihood's ratio
                double noPurchase = Math.exp(ParetoNbd.logBracket(PARETO, x, tx, bigT + h) - ParetoNbd.logBracket(PARETO, x, tx, bigT));
                assertEquals(noPurchase, a.pChurn, 2e-4, what);
                assertEquals(a.pAlive * ParetoNbd.expectedPurchasesIfAlive(PARETO, h, x, bigT), a.expectedPurchases, 1e-9, what);
            }
        }
    }

    @Test
    void dormancyMakesALongSilenceLessFinalAndRegularityMakesItMoreTelling() {
        long[] weekly = {T0, T0 + 7 * ONE_DAY, T0 + 14 * ONE_DAY, T0 + 21 * ONE_DAY, T0 + 28 * ONE_DAY, T0 + 35 * ONE_DAY};
        long t = T0 + 35 * ONE_DAY + 28 * ONE_DAY; // four of their gaps of silence
        ChurnRiskModel plain = new CustomerModel(settings(1, 0)).churn();
        ChurnRiskModel dormant = new CustomerModel(settings(1, 0.02)).churn();
        ChurnRiskModel regular = new CustomerModel(settings(8, 0)).churn();
        CustomerState s = buyer(new CustomerModel(settings(1, 0)), weekly);
        CustomerState sRegular = buyer(new CustomerModel(settings(8, 0)), weekly);
        double pChurn = plain.pChurn(s, t);
        assertTrue(dormant.pChurn(s, t) < pChurn, dormant.pChurn(s, t) + " against " + pChurn);
        assertTrue(regular.pLeft(sRegular, t) > plain.pLeft(s, t), regular.pLeft(sRegular, t) + " against " + plain.pLeft(s, t));
        // P(left) rises with silence, as the flag's timer assumes
        double previous = 0;
        for (int days = 1; days <= 200; days += 7) {
            double left = regular.pLeft(sRegular, T0 + (35 + days) * ONE_DAY);
            assertTrue(left >= previous - 1e-12, days + " days: " + left + " after " + previous);
            previous = left;
        }
    }
}
