package io.xgate.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.xgate.venue.Dialects;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The structure the design depends on, checked on the compiled main classes in every build: a dialect is one
 * plug-in (nothing outside its packages imports it), the simulator is independent of the client, books know no
 * venue, and the consumers (admin, arbitrage) know no dialect. A rule the code breaks fails the build with the
 * offending dependencies listed.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("io.xgate");
    }

    /** One rule per registered dialect: only its own packages (client and simulator) depend on it. */
    @TestFactory
    List<DynamicTest> nothingOutsideADialectsPackagesDependsOnIt() {
        return Dialects.names().stream().map(d -> DynamicTest.dynamicTest(d, () -> {
            String client = "io.xgate.venue." + d + "..";
            String sim = "io.xgate.sim." + d + "..";
            noClasses().that().resideOutsideOfPackages(client, sim).should().dependOnClassesThat()
                    .resideInAnyPackage(client, sim)
                    .because("a dialect is one plug-in, found through the registry (issue: dialects as plug-ins)")
                    .check(main);
        })).toList();
    }

    @Test
    void theSimulatorUsesNoClientCode() {
        ArchRule rule = classes().that().resideInAPackage("io.xgate.sim..").should().onlyDependOnClassesThat(
                resideInAnyPackage("io.xgate.sim..", "io.xgate.config..", "io.xgate.num..", "io.xgate.event..")
                        .or(resideOutsideOfPackage("io.xgate..")))
                .because("the simulator follows the venue documents, not xgate's reading of them");
        rule.check(main);
    }

    @Test
    void theSimulatorsDialectsAreFoundThroughItsRegistry() {
        for (String d : Dialects.names()) {
            noClasses().that().resideInAnyPackage("io.xgate.sim", "io.xgate.sim.market").should()
                    .dependOnClassesThat().resideInAPackage("io.xgate.sim." + d + "..").check(main);
        }
    }

    @Test
    void booksKnowNoVenue() {
        noClasses().that().resideInAPackage("io.xgate.book..").should().dependOnClassesThat()
                .resideInAPackage("io.xgate.venue..").check(main);
    }

    @Test
    void consumersKnowNoDialect() {
        for (String d : Dialects.names()) {
            noClasses().that().resideInAnyPackage("io.xgate.ops..", "io.xgate.arb..", "io.xgate.order..",
                    "io.xgate.book..", "io.xgate.rest..", "io.xgate.sign..", "io.xgate.cli..", "io.xgate.metrics..",
                    "io.xgate.cluster..", "io.xgate.config..", "io.xgate.event..", "io.xgate.analytics..").should().dependOnClassesThat()
                    .resideInAnyPackage("io.xgate.venue." + d + "..", "io.xgate.sim." + d + "..").check(main);
        }
    }

    @Test
    void dialectsDoNotDependOnEachOther() {
        List<String> names = Dialects.names();
        for (String a : names) {
            for (String b : names) {
                if (!a.equals(b)) {
                    noClasses().that().resideInAnyPackage("io.xgate.venue." + a + "..", "io.xgate.sim." + a + "..")
                            .should().dependOnClassesThat()
                            .resideInAnyPackage("io.xgate.venue." + b + "..", "io.xgate.sim." + b + "..").check(main);
                }
            }
        }
    }

    @Test
    void theRegistryFindsEveryDialect() {
        org.junit.jupiter.api.Assertions.assertTrue(Dialects.names().containsAll(List.of("binance", "kraken")),
                "registered in META-INF/services/io.xgate.config.DialectSchema: " + Dialects.names());
    }
}
