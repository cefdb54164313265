package io.kairos.loadgen;

import io.kairos.loadgen.scenario.Archetype;
import io.kairos.loadgen.scenario.Scenario;
import io.kairos.loadgen.scenario.ScenarioOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import io.kairos.operate.TimeArgument;

/**
 * {@code ./kairos scenario --customers N --days D --seed S --out dir/}: a seeded population with
 * archetypes and planted moments, written as a recording ({@code events.avro}, for {@code
 * ./kairos replay}) and its ground truth ({@code truth.jsonl}), with a summary by archetype.
 */
@Command(
        name = "scenario",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generates a seeded population with archetypes (" + "LOYAL_REGULAR, OCCASIONAL, BARGAIN_HUNTER, PROSPECT,"
                    + " ONE_TIME, DRIFTER) into <out>/" + Scenario.EVENTS_FILE + " (a recording for 'replay') and"
                    + " the planted truth (churns, cart abandonments, cross-sell moments, consents, birthdays)"
                    + " into <out>/" + Scenario.TRUTH_FILE + ".",
            "The same options give the same files (except the recording's creation time)."
        })
public final class ScenarioCommand implements Callable<Integer> {
    private static final long DAY = 86_400_000L;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ScenarioOptions scenario = new ScenarioOptions(10000, 120, 42);

    @Option(names = "--start", converter = TimeArgument.class,
            description = "First instant of the history (ISO instant, date, epoch ms); default: midnight UTC"
                    + " --days days before today, so the history ends today.")
    Instant start;

    @Option(names = "--out", required = true, description = "Directory for the recording and the truth.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (scenario.customers() <= 0 || scenario.days() <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--customers and --days must be positive");
        }
        Instant first = start != null ? start
                : Instant.ofEpochMilli((System.currentTimeMillis() / DAY - scenario.days()) * DAY);
        long started = System.nanoTime();
        Scenario.Summary summary = new Scenario(scenario.settings(first)).write(out);
        System.out.printf("wrote %s and %s in %.1f s: %s%n", out.resolve(Scenario.EVENTS_FILE),
                out.resolve(Scenario.TRUTH_FILE), (System.nanoTime() - started) / 1e9, summary.recording);
        System.out.print(summary.table());
        System.out.printf("shares by design: %s%n", shares());
        return 0;
    }

    private static String shares() {
        StringBuilder s = new StringBuilder();
        for (Archetype a : Archetype.values()) {
            s.append(s.length() == 0 ? "" : ", ").append(a).append(' ').append(Math.round(a.share * 100)).append('%');
        }
        return s.toString();
    }
}
