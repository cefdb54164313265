package io.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kairos.demo.local.JobCommand;
import io.kairos.demo.local.StackCommand;
import io.kairos.demo.soak.SoakCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The option mixins stack, job, demo and soak share keep each command's names and defaults. */
class SharedStackOptionsTest {
    private static final String[] JOB_REQUIRED = {"--bootstrap-servers", "localhost:9092", "--redis-uri", "redis://localhost:6379"};

    private static <T> T value(Object command, String option, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.parseArgs(args);
        return cli.getCommandSpec().findOption(option).getValue();
    }

    private static String[] job(String... args) {
        String[] all = new String[JOB_REQUIRED.length + args.length];
        System.arraycopy(JOB_REQUIRED, 0, all, 0, JOB_REQUIRED.length);
        System.arraycopy(args, 0, all, JOB_REQUIRED.length, args.length);
        return all;
    }

    @Test
    void stackDemoAndSoakCreateFourPartitionsUnlessTold() {
        for (Supplier<Object> command : List.<Supplier<Object>>of(StackCommand::new, KairosDemo::new, SoakCommand::new)) {
            assertEquals(4, (int) value(command.get(), "--partitions"));
            assertEquals(8, (int) value(command.get(), "--partitions", "--partitions", "8"));
        }
    }

    @Test
    void jobAndDemoServeTheFlinkUiOn8081UnlessTold() {
        assertEquals(8081, (int) value(new JobCommand(), "--ui-port", job()));
        assertEquals(8081, (int) value(new KairosDemo(), "--ui-port"));
        assertEquals(0, (int) value(new KairosDemo(), "--ui-port", "--ui-port", "0"));
    }

    @Test
    void jobAndSoakCheckpointEveryTenSecondsUnlessTold() {
        assertEquals(Duration.ofSeconds(10), value(new JobCommand(), "--checkpoint-interval", job()));
        assertEquals(Duration.ofSeconds(10), value(new SoakCommand(), "--checkpoint-interval"));
        assertEquals(Duration.ofMillis(2500), value(new SoakCommand(), "--checkpoint-interval", "--checkpoint-interval", "2500ms"));
    }

    @Test
    void theJobsGroupHasBothSpellings() {
        assertEquals("kairos-personalization", value(new JobCommand(), "--group-id", job()));
        assertEquals("g", value(new JobCommand(), "--group-id", job("--job-group-id", "g")));
        assertEquals("h", value(new JobCommand(), "--group-id", job("--group-id", "h")));
    }

    @Test
    void jobAndSoakTakeJobOptionsUnderEitherSpelling() {
        assertEquals(Map.of("k", "v"), value(new JobCommand(), "--flink", job("--flink", "k=v")));
        assertEquals(Map.of("k", "v"), value(new SoakCommand(), "--job-option", "-o", "k=v"));
    }
}
