package io.kairos.customer;

import io.kairos.churn.BgNbdParameters;
import java.io.Serializable;

/**
 * How a customer leaves, and so what their silence since the last purchase says: at a purchase
 * ({@link LeavingAtPurchase}, (M)BG/NBD) or at any moment ({@link ParetoSurvival}, Pareto/NBD),
 * as {@code kairos.churn.bgnbd.model} says. {@link ChurnRiskModel} reads the customer's history
 * and asks one of these.
 */
interface Leaving extends Serializable {

    /** P(alive) now; {@code logCues} is the negative cues' log likelihood ratio on the odds of having left. */
    double pAlive(ChurnRiskModel.History h, double logCues);

    /** P(no purchase within {@code horizonDays}), given {@code pAlive} as {@link #pAlive} gave it. */
    double pChurn(ChurnRiskModel.History h, double logCues, double pAlive, double horizonDays);

    /** Expected purchases within {@code horizonDays} for a customer alive now, x repeat occasions, age T. */
    double expectedPurchasesIfAlive(double horizonDays, int x, double T);

    /** The model the settings name. */
    static Leaving of(CustomerModelSettings settings) {
        SilenceSurvival survival = new SilenceSurvival(settings);
        return settings.bgNbd.variant() == BgNbdParameters.Variant.PARETO
                ? new ParetoSurvival(settings, survival)
                : new LeavingAtPurchase(settings, survival);
    }
}
