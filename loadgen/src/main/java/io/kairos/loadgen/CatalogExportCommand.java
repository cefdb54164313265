package io.kairos.loadgen;

import io.kairos.events.OfferCatalogEntry;
import io.kairos.operate.catalog.OfferJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./kairos catalog export} ({@code ./kairos loadgen export-catalog}): the load generator's
 * seeded offers as JSON in the format {@code catalog publish} reads. It lives with the load
 * generator because the offers are its own; the operator tools do not depend on load generation.
 */
@Command(
        name = "export-catalog",
        mixinStandardHelpOptions = true,
        description = "Writes the load generator's seeded catalog (what loadgen, record and replay"
                + " publish) as JSON, in the format publish reads: a starting point to edit.")
public final class CatalogExportCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42",
            description = "The load generator's seed (default ${DEFAULT-VALUE}, as loadgen's).")
    long seed;

    @Option(names = "--out", description = "File to write; standard output if not given.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<OfferCatalogEntry> offers = new ProductCatalog(seed).bootstrapOffers(0);
        String json = OfferJson.toJsonArray(offers);
        if (out == null) {
            spec.commandLine().getOut().print(json);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(out, json, StandardCharsets.UTF_8);
            spec.commandLine().getOut().printf("wrote %d offers to %s%n", offers.size(), out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
