package io.kairos.loadgen.churn;

import io.kairos.churn.BgNbdFitter;
import io.kairos.churn.DormancyFit;
import io.kairos.churn.BgNbdParameters;
import io.kairos.churn.BgNbdSimulator;
import io.kairos.churn.CustomerHistory;
import io.kairos.churn.TransactionHistory;
import io.kairos.job.CustomerOptions;
import io.kairos.loadgen.engine.JobOptionOverrides;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos fit-churn}: fits the BG/NBD churn model's parameters by maximum likelihood to a
 * recorded purchase history, and prints them as option lines ready for the job's configuration.
 * {@code --simulate N} fits to customers simulated from given parameters instead, which shows how
 * well the fit recovers them.
 */
@Command(
        name = "kairos fit-churn",
        mixinStandardHelpOptions = true,
        description = "Fits the churn model's MBG/NBD (or BG/NBD) parameters (kairos.churn.bgnbd.*) to a purchase history.")
public final class FitChurnModelCommand implements Callable<Integer> {

    static final class Input {
        @Option(names = "--history", description = "CSV of transactions with a header row, one row per purchase.")
        Path history;

        @Option(names = "--simulate", description = "Fit to this many simulated customers instead.")
        Integer simulate;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--customer-column", defaultValue = "customer_id", description = "Column of the customer id (default ${DEFAULT-VALUE}; case-insensitive).")
    String customerColumn;

    @Option(names = "--time-column", defaultValue = "timestamp",
            description = "Column of the purchase time: ISO instant or date-time, yyyy-MM-dd, yyyyMMdd or epoch ms (default ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--observed-until", description = "End of observation (yyyy-MM-dd); default: the latest day in the file.")
    LocalDate observedUntil;

    @Option(names = "--model", defaultValue = "mbg",
            description = "The likelihood to fit: mbg (MBG/NBD, the job's default kairos.churn.bgnbd.model), bg (BG/NBD)"
                    + " or pareto (Pareto/NBD: a and b are then its s and beta) (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin JobOptionOverrides jobOptions = new JobOptionOverrides();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--r", defaultValue = "0.243", description = "Simulated r: the simulation is BG/NBD with CDNOW's published fit by default (default ${DEFAULT-VALUE}).")
    double r;

    @Option(names = "--alpha", defaultValue = "30.9", description = "Simulated alpha, days (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--a", defaultValue = "0.793", description = "Simulated a (default ${DEFAULT-VALUE}).")
    double a;

    @Option(names = "--b", defaultValue = "2.426", description = "Simulated b (default ${DEFAULT-VALUE}).")
    double b;

    @Option(names = "--days", defaultValue = "546", description = "Simulated observation length in days; first purchases in its first sixth (default ${DEFAULT-VALUE}).")
    double days;

    private final PrintStream out;

    FitChurnModelCommand(PrintStream out) {
        this.out = out;
    }

    public FitChurnModelCommand() {
        this(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FitChurnModelCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        BgNbdParameters.Variant variant;
        try {
            variant = BgNbdParameters.Variant.named(model);
        } catch (IllegalArgumentException e) {
            System.err.println("fit-churn: --model must be mbg, bg or pareto, was '" + model + "'");
            return 2;
        }
        List<CustomerHistory> customers;
        List<DormancyFit.Gaps> gaps = null;
        BgNbdParameters truth = null;
        if (input.simulate != null) {
            truth = new BgNbdParameters(r, alpha, a, b);
            customers = BgNbdSimulator.simulate(truth, input.simulate, days / 6, days, seed);
            out.printf(Locale.ROOT, "simulated %,d customers over %.0f days from %s (seed %d)%n", customers.size(), days, truth, seed);
        } else {
            if (!Files.isReadable(input.history)) {
                System.err.println("fit-churn: cannot read " + input.history);
                return 2;
            }
            TransactionHistory.Summary summary;
            try (Reader reader = Files.newBufferedReader(input.history, StandardCharsets.UTF_8)) {
                summary = TransactionHistory.read(reader, customerColumn, timeColumn, observedUntil);
            } catch (IllegalArgumentException e) {
                System.err.println("fit-churn: " + input.history + ": " + e.getMessage());
                return 2;
            }
            customers = summary.customers();
            gaps = summary.gaps();
            out.printf(Locale.ROOT, "%s: %,d rows, %,d bad (skipped), %,d customers, %s to %s%n",
                    input.history, summary.rows(), summary.badRows(), customers.size(), summary.firstDay(), summary.observedUntil());
            summary.badRowReasons().forEach(reason -> out.println("  bad row: " + reason));
        }
        long repeaters = customers.stream().filter(c -> c.x() > 0).count();
        out.printf(Locale.ROOT, "repeat buyers %,d (%.0f%%)%n", repeaters, 100.0 * repeaters / customers.size());

        long started = System.nanoTime();
        BgNbdFitter.FitResult fit;
        try {
            fit = new BgNbdFitter(customers, variant).fit();
        } catch (IllegalArgumentException e) {
            System.err.println("fit-churn: " + e.getMessage());
            return 2;
        }
        BgNbdParameters p = fit.parameters();
        out.printf(Locale.ROOT, "maximum likelihood: log-likelihood %.2f after %,d evaluations, %.1f s%n",
                fit.logLikelihood(), fit.evaluations(), (System.nanoTime() - started) / 1e9);
        out.println("fitted " + p);
        if (fit.degenerate()) {
            System.err.println("fit-churn: the maximum ran to the edge of the parameter space (" + p + "): no"
                    + " population to predict with; try --model " + (variant == BgNbdParameters.Variant.MBG ? "bg" : "mbg")
                    + " or a longer history");
            return 3;
        }
        if (truth != null && truth.variant() == variant) {
            out.printf(Locale.ROOT, "  %-6s %10s %10s %8s%n", "", "simulated", "fitted", "error");
            row("r", truth.r(), p.r());
            row("alpha", truth.alpha(), p.alpha());
            row("a", truth.a(), p.a());
            row("b", truth.b(), p.b());
        }
        double dormantRate = 0;
        if (gaps != null) {
            DormancyFit.Regularity regularity;
            try {
                // the job reads a buyer's gaps as Erlang-k: ε is fitted under the same reading
                regularity = CustomerOptions.gapRegularity(Configuration.fromMap(jobOptions.get()));
            } catch (IllegalArgumentException e) {
                System.err.println("fit-churn: options kairos.churn.max-regularity, regularity-min-gaps,"
                        + " regularity-prior: " + e.getMessage());
                return 2;
            }
            started = System.nanoTime();
            // ε is fitted under MBG/NBD's drop-out chances (DormancyFit), also for Pareto/NBD
            BgNbdFitter.FitResult chances = variant == BgNbdParameters.Variant.PARETO
                    ? new BgNbdFitter(customers, BgNbdParameters.Variant.MBG).fit() : fit;
            if (chances.degenerate()) {
                out.println("dormant rate 0: the MBG/NBD fit it is fitted under ran to the edge of the parameter space ("
                        + chances.parameters() + ")");
            } else {
                DormancyFit.Result dormancy = new DormancyFit(chances.parameters(), gaps, regularity).fit();
                dormantRate = dormancy.epsilon();
                out.printf(Locale.ROOT, "%s, gaps read as the job reads them (Erlang-k, k <= %d), %.1f s%n",
                        dormancy, regularity.maxK(), (System.nanoTime() - started) / 1e9);
            }
        } else {
            out.println("dormant rate 0: a simulated population has summaries only, not the gaps it takes");
        }
        out.println();
        out.println("# paste into the job's configuration (alpha in days):");
        out.printf(Locale.ROOT, "%s: %s%n", CustomerOptions.CHURN_BGNBD_MODEL.key(), variant.optionName());
        out.printf(Locale.ROOT, "%s: %.4f%n", CustomerOptions.CHURN_BGNBD_R.key(), p.r());
        out.printf(Locale.ROOT, "%s: %.4f%n", CustomerOptions.CHURN_BGNBD_ALPHA.key(), p.alpha());
        boolean pareto = variant == BgNbdParameters.Variant.PARETO;
        out.printf(Locale.ROOT, "%s: %.4f%s%n", CustomerOptions.CHURN_BGNBD_A.key(), p.a(), pareto ? "   # Pareto/NBD s" : "");
        out.printf(Locale.ROOT, "%s: %.4f%s%n", CustomerOptions.CHURN_BGNBD_B.key(), p.b(), pareto ? "   # Pareto/NBD beta, days" : "");
        out.printf(Locale.ROOT, "%s: %.5f%n", CustomerOptions.CHURN_BGNBD_DORMANT_RATE.key(), dormantRate);
        return 0;
    }

    private void row(String name, double truth, double fitted) {
        out.printf(Locale.ROOT, "  %-6s %10.4f %10.4f %+7.1f%%%n", name, truth, fitted, 100 * (fitted - truth) / truth);
    }
}
