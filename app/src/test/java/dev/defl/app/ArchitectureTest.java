package dev.defl.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The dependency direction of DESIGN.md: app -> ui -> engine; the engine stays headless.
 * (The ui module's own rules, e.g. no DJL or web3j in views, are in {@code UiArchitectureTest}.)
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.defl");
    }

    @Test
    void engineNeverImportsJavaFx() {
        noClasses().that().resideInAPackage("dev.defl.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
                .check(classes);
    }

    @Test
    void dependenciesPointFromAppToUiToEngine() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("dev.defl.app..")
                .layer("ui").definedBy("dev.defl.ui..")
                .layer("engine").definedBy("dev.defl.engine..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("ui", "app")
                .check(classes);
    }
}
