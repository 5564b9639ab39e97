package io.xgate.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The order desk, the REST client, the signing helpers and the command line are dialect-free: they reach a dialect
 * only through the {@code io.xgate.venue} SPI ({@code Dialects}), never by importing one.
 */
class DialectFreeDeskTest {

    @Test
    void noDialectIsImportedByTheDeskTheRestClientOrTheCommandLine() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.xgate");
        noClasses().that().resideInAnyPackage("io.xgate.order..", "io.xgate.rest..", "io.xgate.sign..",
                        "io.xgate.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xgate.venue.binance..", "io.xgate.venue.kraken..")
                .because("a dialect is one plug-in, reached through io.xgate.venue.Dialects (ARCHITECTURE.md)")
                .check(classes);
    }
}
