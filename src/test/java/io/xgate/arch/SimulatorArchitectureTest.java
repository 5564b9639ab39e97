package io.xgate.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator is written from the venue documents, not from the client: it may use the shared plain types
 * ({@code config}, {@code num}, {@code event}) and itself, never a client package (book, venue runtime, dialects,
 * signers, REST client, order desk). And only the dialect packages name a dialect.
 */
class SimulatorArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.xgate");
    }

    @Test
    void simulatorImportsNoClientCode() {
        noClasses().that().resideInAPackage("io.xgate.sim..")
                .should().dependOnClassesThat(resideInAPackage("io.xgate..")
                        .and(not(resideInAnyPackage("io.xgate.config..", "io.xgate.num..", "io.xgate.event..",
                                "io.xgate.sim.."))))
                .because("the simulator must not share the client's interpretation of a venue (ARCHITECTURE.md)")
                .check(classes);
    }

    @Test
    void onlyDialectPackagesKnowADialect() {
        noClasses().that().resideInAnyPackage("io.xgate.sim", "io.xgate.sim.market")
                .should().dependOnClassesThat(resideInAnyPackage("io.xgate.sim.binance..", "io.xgate.sim.kraken.."))
                .because("dialects are registered in META-INF/services/io.xgate.sim.SimDialect, nowhere else")
                .check(classes);
    }

    @Test
    void dialectsDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("io.xgate.sim.binance..")
                .should().dependOnClassesThat(resideInAPackage("io.xgate.sim.kraken.."))
                .check(classes);
        noClasses().that().resideInAPackage("io.xgate.sim.kraken..")
                .should().dependOnClassesThat(resideInAPackage("io.xgate.sim.binance.."))
                .check(classes);
    }
}
