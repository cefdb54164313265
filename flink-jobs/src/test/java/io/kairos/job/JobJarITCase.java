package io.kairos.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runnable job jar (the shade plugin's '-job' attachment, built in the package phase before
 * failsafe runs) carries its own commons-math3 under a relocated package, so the Thompson draws
 * and the churn fit do not depend on the copy a Flink image happens to ship.
 */
class JobJarITCase {

    @Test
    void carriesCommonsMathRelocatedAndNoUnrelocatedCopy() throws IOException {
        Path jar = jobJar();
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertTrue(names.contains("io/kairos/shaded/org/apache/commons/math3/distribution/BetaDistribution.class"),
                    jar + " lacks the relocated BetaDistribution");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("org/apache/commons/math3/")),
                    jar + " still has classes under org/apache/commons/math3/");
            assertTrue(names.contains("io/kairos/job/PersonalizationJob.class"), jar + " lacks the job's main class");
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no target/*-job.jar: the package phase builds it"));
        }
    }
}
