package com.bulkimport.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering of docs/architecture.md, on the main classes of every module: no cycle between
 * packages; the contract ({@code user-import-events}) depends on nothing of the project and not on
 * Spring; pipeline-support on no service; no service on another (they talk through Kafka only).
 * ({@code local-run}'s one class, the broker probe, uses only the contract; it is not on this classpath.)
 */
class ArchitectureTest {

    private static final List<String> SERVICES = List.of("ingest", "validation", "provisioning", "notification");
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the test-jar's helpers and this module's tests, wherever they come from
                .withImportOption(location -> !location.contains("/com/bulkimport/testing/")
                        && !location.contains("/com/bulkimport/e2e/"))
                .importPackages("com.bulkimport");
    }

    @Test
    void shouldHaveEveryModuleAndServiceOnTheClasspath() {
        // A rule over no classes passes: make sure each layer is really read.
        for (String pkg : List.of("events", "pipeline", "ingest", "validation", "provisioning", "notification")) {
            assertThat(main.stream()
                    .filter(c -> c.getPackageName().startsWith("com.bulkimport." + pkg))).as(pkg).isNotEmpty();
        }
    }

    @Test
    void shouldHaveNoCycleBetweenPackages() {
        slices().matching("com.bulkimport.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void shouldKeepTheContractFreeOfTheServicesAndOfSpring() {
        noClasses().that().resideInAPackage("com.bulkimport.events..")
                .should().dependOnClassesThat().resideInAnyPackage("com.bulkimport.pipeline..",
                        "com.bulkimport.ingest..", "com.bulkimport.validation..", "com.bulkimport.provisioning..",
                        "com.bulkimport.notification..", "com.bulkimport.localrun..", "org.springframework..")
                .check(main);
    }

    @Test
    void shouldKeepPipelineSupportFreeOfTheServices() {
        noClasses().that().resideInAPackage("com.bulkimport.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("com.bulkimport.ingest..",
                        "com.bulkimport.validation..", "com.bulkimport.provisioning..", "com.bulkimport.notification..",
                        "com.bulkimport.localrun..")
                .check(main);
    }

    @Test
    void shouldNotLetAServiceImportAnother() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service))
                    .map(s -> "com.bulkimport." + s + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("com.bulkimport." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(main);
        }
    }
}
