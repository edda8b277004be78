package dev.defl.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Dependency rules of the ui module (STYLE.md: MVVM; the ui reaches the domain only through services). */
class UiArchitectureTest {

    static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.defl.ui");

    @Test
    void uiStaysAwayFromTrainingAndChainLibraries() {
        noClasses().that().resideInAPackage("dev.defl.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.web3j..")
                .check(UI);
    }

    @Test
    void viewModelsHoldNoControlsOrScenes() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .or().haveSimpleName("RoundRow")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(UI);
    }

    @Test
    void uiPackagesAreFreeOfCycles() {
        slices().matching("dev.defl.ui.(*)..").should().beFreeOfCycles().check(UI);
    }
}
