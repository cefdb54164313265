package io.kairos.loadgen.backtest;

import io.kairos.churn.BgNbdFitter;
import io.kairos.churn.DormancyFit;
import io.kairos.churn.BgNbdParameters;
import io.kairos.job.CustomerOptions;
import io.kairos.events.CustomerSignal;
import io.kairos.events.Decision;
import io.kairos.events.OfferCatalogEntry;
import io.kairos.events.ProfileSnapshot;
import io.kairos.loadgen.ProductCatalog;
import io.kairos.loadgen.churn.HoldoutReport;
import io.kairos.loadgen.churn.HoldoutScoring;
import io.kairos.loadgen.engine.JobRunOptions;
import io.kairos.operate.TimeArgument;
import io.kairos.operate.catalog.OfferJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./kairos backtest}: the engine over a user's own history. Runs the job on the embedded
 * stack over a recording's events before {@code --until} ({@link BacktestRun}), writes what it
 * made (profiles, signals, decisions) as JSONL and CSV into {@code --out}, and, given a holdout,
 * scores its churn probability against the customers who did not buy in it ({@link
 * ChurnBacktest}), next to recency and the batch BG/NBD, into report.json and report.html.
 */
@Command(
        name = "kairos backtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs the job on the embedded stack over a recording up to --until, writes its profiles, signals"
                + " and decisions, and with --holdout scores its churn probability against what happened next.")
public final class BacktestCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    @Option(names = "--recording", required = true,
            description = "The history: a recording from ./kairos import-csv, record, or record --from-kafka.")
    Path recording;

    @Option(names = "--until", converter = TimeArgument.class,
            description = "Event time to move the job to (clock ticks); events at or after it are not replayed"
                    + " (ISO instant, yyyy-MM-dd, epoch ms). Default: the second UTC midnight after the recording's last event.")
    Instant until;

    @Option(names = "--out", required = true, description = "Directory for profiles, signals and decisions (.jsonl, .csv) and the report.")
    Path out;

    @Option(names = "--catalog", description = "Offers to publish, as ./kairos catalog publish reads them (default: the load generator's, seed 42).")
    Path catalog;

    @Option(names = "--holdout",
            description = "A later period of the same customers: a recording (.avro), or a CSV with a header and one row per"
                    + " purchase (--holdout-customer-column, --holdout-time-column). May be the recording itself.")
    Path holdout;

    @Option(names = "--holdout-days", defaultValue = "90",
            description = "The holdout window after --until, in days; the job's churn horizon (kairos.churn.horizon) is set"
                    + " to it, so pChurn predicts what is scored (default ${DEFAULT-VALUE}).")
    int holdoutDays;

    @Option(names = "--holdout-customer-column", defaultValue = "customer_id", description = "Holdout CSV: customer column (default ${DEFAULT-VALUE}).")
    String holdoutCustomerColumn;

    @Option(names = "--holdout-time-column", defaultValue = "timestamp", description = "Holdout CSV: time column (default ${DEFAULT-VALUE}).")
    String holdoutTimeColumn;

    @Option(names = "--churn-parameters", defaultValue = "fit",
            description = "fit: the job uses parameters of its model (kairos.churn.bgnbd.model, MBG/NBD by default) fitted"
                    + " to the history before --until, as after ./kairos fit-churn; job: the job's configured ones"
                    + " (default ${DEFAULT-VALUE}).")
    String churnParameters;

    // --job-option (-o) wins over the backtest's options.
    @Mixin JobRunOptions run;

    @Option(names = "--resamples", defaultValue = "1000", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the bootstrap (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--timeout", defaultValue = "PT1H", description = "Longest wait for the job to catch up (default ${DEFAULT-VALUE}).")
    Duration timeout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BacktestCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (BacktestInputException e) {
            System.err.println("backtest: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        if (!churnParameters.equals("fit") && !churnParameters.equals("job")) {
            throw new BacktestInputException("--churn-parameters must be fit or job, was '" + churnParameters + "'");
        }
        if (holdoutDays <= 0) {
            throw new BacktestInputException("--holdout-days must be > 0, was " + holdoutDays);
        }
        // the job's churn options the fits depend on, checked before anything is read or started
        BgNbdParameters.Variant variant = jobVariant();
        DormancyFit.Regularity regularity = jobRegularity();
        Instant startedAt = Instant.now();
        PurchaseHistory history = PurchaseHistory.fromRecording(recording);
        if (history.events() == 0) {
            throw new BacktestInputException(recording + " has no events");
        }
        // Default: the second UTC midnight after the last event, so that its day is whole and a day has passed.
        long end = until != null ? until.toEpochMilli() : (Math.floorDiv(history.lastEvent(), DAY) + 2) * DAY;
        Set<String> everyone = history.customersWithEventsBefore(end);
        Set<String> buyers = history.customersBefore(end);
        if (everyone.isEmpty()) {
            throw new BacktestInputException(recording + " has no event before --until " + Instant.ofEpochMilli(end)
                    + " (its first is at " + Instant.ofEpochMilli(history.firstEvent()) + ")");
        }
        say(String.format(Locale.ROOT, "%s: %,d events, %,d customers with an event before %s, %,d of them with purchases",
                recording, history.events(), everyone.size(), Instant.ofEpochMilli(end), buyers.size()));

        PurchaseHistory holdoutHistory = null;
        long holdoutEnd = end + holdoutDays * DAY;
        if (holdout != null) {
            holdoutHistory = holdout.toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? HoldoutCsv.read(holdout, holdoutCustomerColumn, holdoutTimeColumn)
                    : PurchaseHistory.fromRecording(holdout);
            ChurnBacktest.checkOverlap(history, holdoutHistory, end, holdoutEnd);
            if (holdoutHistory.lastPurchase() < holdoutEnd - 7 * DAY) {
                say(String.format(Locale.ROOT, "warning: the holdout's last purchase is at %s, more than a week before"
                                + " the end of the %d-day window (%s): customers may count as churned for want of data",
                        Instant.ofEpochMilli(holdoutHistory.lastPurchase()), holdoutDays, Instant.ofEpochMilli(holdoutEnd)));
            }
        }
        BatchBgNbd bgNbd = null;
        if (!buyers.isEmpty() && (holdout != null || churnParameters.equals("fit"))) {
            bgNbd = BatchBgNbd.fit(history, buyers, end, holdoutDays);
            say(String.format(Locale.ROOT, "batch BG/NBD on the %,d buyers before %s: %s (log-likelihood %.1f)",
                    buyers.size(), Instant.ofEpochMilli(end), bgNbd.parameters(), bgNbd.logLikelihood()));
        }
        BgNbdParameters forJob = null;
        Double dormantRate = null;
        if (churnParameters.equals("fit") && bgNbd != null) {
            BgNbdFitter.FitResult fit = bgNbd.fitted(variant);
            if (fit.degenerate()) {
                say(String.format(Locale.ROOT, "warning: the %s fit ran to the edge of the parameter space (%s):"
                        + " the job keeps its configured parameters", variant, fit.parameters()));
            } else {
                forJob = fit.parameters();
                if (variant != bgNbd.parameters().variant()) {
                    say(String.format(Locale.ROOT, "the job's %s fitted to the same buyers (log-likelihood %.1f)",
                            forJob, fit.logLikelihood()));
                }
                long started = System.nanoTime();
                // ε is fitted under MBG/NBD's drop-out chances (DormancyFit), also for a Pareto/NBD job
                BgNbdFitter.FitResult chances = variant == BgNbdParameters.Variant.PARETO
                        ? bgNbd.fitted(BgNbdParameters.Variant.MBG) : fit;
                if (chances.degenerate()) {
                    say(String.format(Locale.ROOT, "warning: the MBG/NBD fit the dormant rate is fitted under ran to the"
                            + " edge of the parameter space (%s): the job keeps its configured dormant rate", chances.parameters()));
                } else {
                    DormancyFit.Result dormancy = bgNbd.dormancy(chances.parameters(), regularity);
                    dormantRate = dormancy.epsilon();
                    say(String.format(Locale.ROOT, "the job's %s, from every buyer's gaps read as the job reads them"
                            + " (Erlang-k, k <= %d; %.1f s)", dormancy, regularity.maxK(), (System.nanoTime() - started) / 1e9));
                }
            }
        }
        Map<String, String> options = BacktestRun.jobOptions(history.firstEvent(), end,
                holdout != null ? (double) holdoutDays : null, forJob, dormantRate, run.overrides());
        BacktestRun.Settings settings = new BacktestRun.Settings(recording, end, catalog(), run.parallelism(), options, timeout);
        BacktestRun.Outcome outcome = BacktestRun.run(settings, everyone, BacktestCommand::say);

        Files.createDirectories(out);
        EngineOutputs o = outcome.outputs();
        List<String> profileColumns = new java.util.ArrayList<>(List.of("customerId"));
        profileColumns.addAll(RecordTables.fieldNames(ProfileSnapshot.getClassSchema()));
        write("profiles", profileColumns, o.profiles);
        write("signals", RecordTables.fieldNames(CustomerSignal.getClassSchema()), o.signals);
        write("decisions", RecordTables.fieldNames(Decision.getClassSchema()), o.decisions);
        double[] lag = o.profileLag(end);
        say(String.format(Locale.ROOT, "%,.0f of %,d profiles describe a time more than a day before --until (updatedAt;"
                + " median %.1f days before): their pChurn is as of then", lag[0], o.profiles.size(), lag[1]));
        if (!o.withoutProfile.isEmpty()) {
            say(String.format(Locale.ROOT, "%,d customers with events have no profile in Redis (e.g. %s)",
                    o.withoutProfile.size(), o.withoutProfile.get(0)));
        }
        if (holdoutHistory != null) {
            score(history, holdoutHistory, bgNbd, o, end, holdoutEnd, options, outcome, startedAt);
        }
        say(String.format(Locale.ROOT, "wall time %.0f s", outcome.seconds()));
        return 0;
    }

    private void score(PurchaseHistory history, PurchaseHistory holdoutHistory, BatchBgNbd bgNbd, EngineOutputs o,
                       long end, long holdoutEnd, Map<String, String> options, BacktestRun.Outcome outcome,
                       Instant startedAt) throws Exception {
        Map<String, Double> pChurn = new HashMap<>();
        for (Map<String, Object> p : o.profiles) {
            if (p.get("pChurn") instanceof Number n) {
                pChurn.put((String) p.get("customerId"), n.doubleValue());
            }
        }
        ChurnBacktest.Outcome scored = ChurnBacktest.score(history, holdoutHistory, pChurn, bgNbd, end, holdoutEnd,
                new HoldoutScoring.Settings(resamples, seed, 0.95, 10));
        say("");
        say(String.format(Locale.ROOT, "=== churn: pChurn against no purchase in %s .. %s (%d days) ===",
                Instant.ofEpochMilli(end), Instant.ofEpochMilli(holdoutEnd), holdoutDays));
        HoldoutReport.aucLines(scored.result()).forEach(BacktestCommand::say);
        say("");
        say("calibration of pChurn, all customers:");
        HoldoutReport.calibrationLines(scored.result().group(HoldoutScoring.ALL)).forEach(BacktestCommand::say);
        HoldoutReport.Bar bar = new HoldoutReport.Bar(0.05);
        say("");
        for (HoldoutReport.Check c : HoldoutReport.checks(scored.result(), bar)) {
            say(String.format(Locale.ROOT, "  [%s] %s: %s", c.met() ? "met" : "NOT met", c.what(), c.measured()));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("recording", recording.toString());
        parameters.put("holdout", holdout.toString());
        parameters.put("until (end of calibration)", Instant.ofEpochMilli(end).toString());
        parameters.put("holdout window", Instant.ofEpochMilli(end) + " .. " + Instant.ofEpochMilli(holdoutEnd));
        parameters.put("churn parameters", churnParameters + " (the job's in job options)"
                + (bgNbd == null ? "" : "; batch baseline " + bgNbd.parameters()));
        parameters.put("job options", new java.util.TreeMap<>(options).toString());
        parameters.put("bootstrap", resamples + " resamples, seed " + seed + ", 95% percentile intervals");
        parameters.put("started", startedAt.toString());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("events replayed", outcome.replay().events());
        summary.put("customers who bought before until", scored.calibrationCustomers());
        summary.put("of them without a profile (left out)", scored.withoutProfile());
        summary.put("customers buying in the holdout", scored.holdoutBuyers());
        summary.put("of them new (no purchase before until, not scored)", scored.holdoutBuyersUnknown());
        double[] lag = o.profileLag(end);
        summary.put("profiles whose updatedAt is more than a day before until (pChurn as of then)",
                String.format(Locale.ROOT, "%,.0f (median lag %.1f days)", lag[0], lag[1]));
        summary.put("profiles / signals / decisions", o.profiles.size() + " / " + o.signals.size() + " / " + o.decisions.size());
        summary.put("caught up", "watermark " + Instant.ofEpochMilli(outcome.catchUp().minWatermark()) + ", checkpoint at "
                + outcome.catchUp().checkpointedAt() + ", lag 0 at " + outcome.catchUp().lagZeroAt());
        summary.put("wall time (s)", Math.round(outcome.seconds()));
        Path html = HoldoutReport.write(out, "kairos backtest", parameters, summary, scored.result(), bar);
        say("report: " + html + " (and " + out.resolve(HoldoutReport.JSON) + ")");
    }

    private void write(String name, List<String> columns, List<Map<String, Object>> rows) throws java.io.IOException {
        List<Path> files = RecordTables.write(out, name, columns, rows);
        say(String.format(Locale.ROOT, "%,d %s: %s, %s", rows.size(), name, files.get(0), files.get(1)));
    }

    private List<OfferCatalogEntry> catalog() throws Exception {
        if (catalog == null) {
            return new ProductCatalog(42).bootstrapOffers(0);
        }
        if (!Files.isReadable(catalog)) {
            throw new BacktestInputException("cannot read --catalog " + catalog);
        }
        OfferJson.ReadResult read = OfferJson.read(catalog);
        if (!read.problems().isEmpty()) {
            throw new BacktestInputException("--catalog " + catalog + ": " + String.join("; ", read.problems()));
        }
        return read.offers().stream().map(OfferJson.Located::entry).toList();
    }

    /** The job's prior over a buyer's regularity (kairos.churn.*regularity* from --job-option, else the job's defaults). */
    private DormancyFit.Regularity jobRegularity() throws BacktestInputException {
        try {
            return CustomerOptions.gapRegularity(Configuration.fromMap(run.overrides()));
        } catch (IllegalArgumentException e) {
            throw new BacktestInputException("options kairos.churn.max-regularity, regularity-min-gaps, regularity-prior: " + e.getMessage());
        }
    }

    /** The job's churn model: kairos.churn.bgnbd.model from --job-option, else the job's default. */
    private BgNbdParameters.Variant jobVariant() throws BacktestInputException {
        String model = run.overrides().getOrDefault(CustomerOptions.CHURN_BGNBD_MODEL.key(),
                CustomerOptions.CHURN_BGNBD_MODEL.defaultValue());
        try {
            return BgNbdParameters.Variant.named(model);
        } catch (IllegalArgumentException e) {
            throw new BacktestInputException("kairos.churn.bgnbd.model must be mbg, bg or pareto, was '" + model + "'");
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
