package io.kairos.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The rules of the engine's layout that a compiler does not hold (ArchUnit): the packages of
 * {@code flink-jobs} form no cycle, so each concern can be read, tested and changed from its
 * own room; and the job does not depend on load generation, the operator tools, the demo or the
 * local stack, which are not in the job's jar. That every operator has a stable uid is held by
 * {@link PersonalizationJobGraphTest} on the job's graph, and by Flink at submission
 * ({@code pipeline.auto-generate-uids: false}).
 */
class ArchitectureRulesTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.kairos");

    /** No cycle between the packages right below {@code root} (with what is below each). */
    static ArchRule noCyclesBetweenPackagesOf(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static final ArchRule NO_TOOLS_IN_THE_JOB =
            noClasses().that().resideInAPackage("io.kairos..")
                    .should().dependOnClassesThat().resideInAnyPackage("io.kairos.loadgen..", "io.kairos.operate..", "io.kairos.demo..", "io.kairos.localstack..")
                    .because("the job's jar carries neither load generation, nor the operator tools, nor the demo, nor the local stack");

    @Test
    void theEnginesClassesAreThere() {
        assertTrue(ENGINE.contain(PersonalizationJob.class), "imported: " + ENGINE.size() + " classes");
        assertTrue(ENGINE.size() > 100, "imported: " + ENGINE.size() + " classes");
    }

    @Test
    void theEnginesPackagesFormNoCycle() {
        noCyclesBetweenPackagesOf("io.kairos").check(ENGINE);
    }

    @Test
    void theJobDoesNotDependOnTheTools() {
        NO_TOOLS_IN_THE_JOB.check(ENGINE);
    }

    /** The cycle rule finds a cycle: two test classes that import each other across packages. */
    @Test
    void aPackageCycleIsFound() {
        JavaClasses cycle = new ClassFileImporter().importPackages("io.kairos.archfixture");
        assertTrue(cycle.size() >= 2, "the fixture: " + cycle.size());
        AssertionError e = assertThrows(AssertionError.class, () -> noCyclesBetweenPackagesOf("io.kairos.archfixture").check(cycle));
        assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    }
}
