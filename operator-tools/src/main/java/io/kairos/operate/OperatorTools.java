package io.kairos.operate;

import io.kairos.cli.StackFile;
import io.kairos.operate.catalog.CatalogCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's tools, one entry point: {@code ./kairos advance-time}, {@code reset-customer} and
 * {@code catalog} are its subcommands. Each acts on a running engine only through its input
 * topics, as the engine's own sources read them, so a tool works against any deployment a Kafka
 * client can reach and needs neither Flink nor the load generator.
 */
@Command(
        name = "kairos",
        mixinStandardHelpOptions = true,
        description = "Acts on a running engine through its inputs: event time, customers, the offer catalog.",
        subcommands = {AdvanceTimeCommand.class, ResetCustomerCommand.class, CatalogCommand.class})
public final class OperatorTools implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Kafka defaults to the one ./kairos stack runs (StackFile), if it runs.
        System.exit(new CommandLine(new OperatorTools()).setDefaultValueProvider(new StackFile.Defaults()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
