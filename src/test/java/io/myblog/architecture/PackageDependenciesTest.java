package io.myblog.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies between myblog's packages point one way (STYLE.md, "Layout"), checked on the compiled classes. */
class PackageDependenciesTest {

    private static final JavaClasses MYBLOG = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.myblog");

    @Test
    void noPackageCycles() {
        slices().matching("io.myblog.(**)").should().beFreeOfCycles().check(MYBLOG);
    }

    @Test
    void theSharedDeployPackageDependsOnNeitherDeployNorReload() {
        noClasses().that().resideInAPackage("io.myblog.deploy.shared")
                .should().dependOnClassesThat().resideInAnyPackage("io.myblog.deploy", "io.myblog.deploy.reload",
                        "io.myblog.deploy.cli")
                .check(MYBLOG);
    }

    @Test
    void deployAndReloadDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("io.myblog.deploy.reload")
                .should().dependOnClassesThat().resideInAPackage("io.myblog.deploy").check(MYBLOG);
        noClasses().that().resideInAPackage("io.myblog.deploy")
                .should().dependOnClassesThat().resideInAPackage("io.myblog.deploy.reload").check(MYBLOG);
    }
}
