package io.kairos.operate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.kairos.loadgen.archfixture.LoadGeneratorStandIn;
import org.junit.jupiter.api.Test;

/**
 * The operator tools talk to the engine only through its input topics: they depend on neither
 * the job (Flink) nor load generation, so they run wherever a Kafka client runs. (ArchUnit; the
 * compiler alone would let a later change pull either in through the shared classpath.)
 */
class OperatorToolsRulesTest {
    static final ArchRule ONLY_KAFKA_CLIENTS =
            noClasses().that().resideInAPackage("io.kairos.operate..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "org.apache.flink..", "io.kairos.job..", "io.kairos.decide..", "io.kairos.loadgen..", "io.kairos.demo..")
                    .because("an operator's tool needs only a Kafka client to act on a running engine");

    @Test
    void theToolsDependOnNeitherTheJobNorLoadGeneration() {
        JavaClasses tools = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.kairos.operate");
        assertTrue(tools.contain(OperatorTools.class), "imported: " + tools.size() + " classes");
        ONLY_KAFKA_CLIENTS.check(tools);
    }

    /** The rule does fire: a tool that uses a class of load generation breaks it. */
    @Test
    void aToolThatUsesLoadGenerationIsFound() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesLoadGeneration.class, LoadGeneratorStandIn.class);
        AssertionError e = assertThrows(AssertionError.class, () -> ONLY_KAFKA_CLIENTS.check(offender));
        assertTrue(e.getMessage().contains("LoadGeneratorStandIn"), e.getMessage());
    }

    /** A stand-in for a tool that took a load generation dependency. */
    static final class UsesLoadGeneration {
        LoadGeneratorStandIn generator = new LoadGeneratorStandIn();
    }
}
