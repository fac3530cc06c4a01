package io.myblog.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Three programs, three roots (STYLE.md, "Layout"): the service, the command line ({@code io.myblog.cli}) and the
 * in-cluster controller ({@code io.myblog.controller}) do not depend on each other; what the command line and the
 * controller share ({@code io.myblog.shared}) depends on none of them. The manifest build step
 * ({@code io.myblog.deploy.manifest}, src/build/java) is no program's: none of them may use it, and it reads only the
 * shapes {@code deploy} also applies and the shared names. Checked on the compiled classes.
 */
class PackageDependenciesTest {

    /** The service program's root. */
    static final String[] SERVICE = {"io.myblog.service.."};
    static final String CLI = "io.myblog.cli..";
    static final String CONTROLLER = "io.myblog.controller..";
    static final String SHARED = "io.myblog.shared..";
    static final String BUILD_STEP = "io.myblog.deploy.manifest..";
    /** Where Maven compiles src/build/java (pom.xml, execution compile-build-step), before the tests run. */
    private static final Path BUILD_CLASSES = Path.of("target", "build-classes");

    private static final JavaClasses MYBLOG = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.myblog");

    @Test
    void noPackageCycles() {
        slices().matching("io.myblog.(**)").should().beFreeOfCycles().check(MYBLOG);
    }

    @Test
    void noProgramDependsOnTheBuildStep() {
        noClasses().should().dependOnClassesThat().resideInAPackage(BUILD_STEP).check(MYBLOG);
    }

    @Test
    void theBuildStepReadsOnlyTheShapesAndTheSharedNamesOfThePrograms() {
        assertThat(BUILD_CLASSES).as("compiled by ./mvnw process-classes").isDirectory();
        var buildStep = new ClassFileImporter().importPath(BUILD_CLASSES);

        classes().should().resideInAPackage(BUILD_STEP).check(buildStep);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(SERVICE)
                .orShould().dependOnClassesThat().resideInAnyPackage(CONTROLLER, "io.myblog.cli", "io.myblog.cli.deploy")
                .check(buildStep);
    }

    @Test
    void theSharedPackageDependsOnNoProgram() {
        noClasses().that().resideInAPackage(SHARED)
                .should().dependOnClassesThat().resideInAnyPackage(CLI, CONTROLLER)
                .orShould().dependOnClassesThat().resideInAnyPackage(SERVICE)
                .check(MYBLOG);
    }

    @Test
    void theCommandLineAndTheControllerDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage(CONTROLLER)
                .should().dependOnClassesThat().resideInAPackage(CLI).check(MYBLOG);
        noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CONTROLLER).check(MYBLOG);
    }

    @Test
    void theServiceAndTheControllerDoNotDependOnEachOther() {
        noClasses().that().resideInAnyPackage(SERVICE)
                .should().dependOnClassesThat().resideInAnyPackage(CONTROLLER, CLI).check(MYBLOG);
        noClasses().that().resideInAPackage(CONTROLLER)
                .should().dependOnClassesThat().resideInAnyPackage(SERVICE).check(MYBLOG);
        noClasses().that().resideInAPackage(CLI)
                .should().dependOnClassesThat().resideInAnyPackage(SERVICE).check(MYBLOG);
    }
}
