package dev.defl.ui;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependency rules of the ui module (STYLE.md: MVVM; the ui reaches the domain only through services).
 *
 * <p><b>What a view is.</b> A <em>view</em> is a class in {@code dev.defl.ui..} that builds or holds JavaFX nodes:
 * it, or the top-level class it is nested in, depends on {@code javafx.scene..} or {@code javafx.stage..}. That takes
 * in panes, cells, charts, graphs and dialogs whatever their names; view-models never qualify, because
 * {@link #viewModelsHoldNoControlsOrScenes} keeps them off those packages. The window shell
 * {@link WorkbenchWindow} is the one exception: it is the composition root that builds every pane from the services,
 * so it necessarily names every feature and some engine wiring types.
 *
 * <p><b>Views hold no engine types</b> ({@link #viewsUseNoEngineTypes}): a view depends on no
 * {@code dev.defl.engine..} class: not the domain records ({@code TaskEvent}, {@code RoundFlow}, {@code RunReport},
 * {@code LabeledDataset}, {@code PeerRow}, {@code Cid} …), not the readers and services ({@code CsvDatasetReader},
 * {@code PeerSession} …). Its view-model translates engine values into view-level rows, strings and properties (a
 * {@code record} of display fields such as {@code RoundPicture}, {@code BlockRow}, {@code DatasetPreview}). The one
 * exception is {@link #CHOICE_ENUMS}: engine enums that are the value sets of a combo box, bound as they are to the
 * view-model's property of that type (mirroring them in the ui would duplicate each constant and its mapping).
 *
 * <p><b>A view stays in its feature</b> ({@link #viewsUseOnlyTheirFeatureAndSharedWidgets}): a view in
 * {@code dev.defl.ui.<feature>..} depends, within the ui, only on classes of {@code dev.defl.ui.<feature>..} (its own
 * view-models and sibling views, sub-packages included), on the shared widgets of the top-level {@code dev.defl.ui}
 * package ({@code CidCell}, {@code CidText}, {@code HashLabel}, {@code AgeText}, {@code AgeCell}, {@code ByteText},
 * {@code StyledTextCell}, {@code WholeNumbers}, {@code SeriesPalette}, {@code Confirmations} …), on {@code dev.defl.ui.concurrent}
 * (pane lifecycle, background tasks) and on {@code dev.defl.ui.names} (the window's address book and content names,
 * with the address cell, menu and label dialog every pane shares); never on another feature's view or view-model.
 */
class UiArchitectureTest {

    static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.defl.ui");

    /**
     * Packages any view may use besides its own feature: the shared widgets, the concurrency helpers and the names
     * (address book, content names, and their shared {@code AddressCell}, {@code AddressMenu}, {@code LabelDialog}).
     */
    static final Set<String> SHARED_UI_PACKAGES = Set.of("dev.defl.ui", "dev.defl.ui.concurrent", "dev.defl.ui.names");

    /**
     * Engine enums a view may name: the choices of the Trainer's model, task-type and missing-values combo boxes.
     * Plain closed value sets with no I/O; nothing else of the engine is allowed in a view.
     */
    static final Set<String> CHOICE_ENUMS = Set.of("dev.defl.engine.learning.ModelKind",
            "dev.defl.engine.learning.DatasetOptions$TaskType", "dev.defl.engine.learning.DatasetOptions$MissingValues");

    static final DescribedPredicate<JavaClass> ENGINE_TYPES_BUT_CHOICE_ENUMS = new DescribedPredicate<>(
            "reside in dev.defl.engine.. (except the combo-box choice enums " + CHOICE_ENUMS + ")") {
        @Override
        public boolean test(JavaClass c) {
            return c.getPackageName().startsWith("dev.defl.engine") && !CHOICE_ENUMS.contains(c.getName());
        }
    };

    static final DescribedPredicate<JavaClass> VIEWS = new DescribedPredicate<>(
            "views (ui classes that build or hold JavaFX nodes, the WorkbenchWindow shell excepted)") {
        @Override
        public boolean test(JavaClass c) {
            JavaClass top = topLevel(c);
            return top.getPackageName().startsWith("dev.defl.ui")
                    && !top.getName().equals(WorkbenchWindow.class.getName())
                    && (usesScene(c) || usesScene(top));
        }
    };

    static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
        return top;
    }

    static boolean usesScene(JavaClass c) {
        return c.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass().getPackageName())
                .anyMatch(p -> p.startsWith("javafx.scene") || p.startsWith("javafx.stage"));
    }

    /** The feature of a ui class: the package segment after {@code dev.defl.ui}, or "" for the top-level package. */
    static String feature(String packageName) {
        if (!packageName.startsWith("dev.defl.ui.")) return "";
        String rest = packageName.substring("dev.defl.ui.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static final ArchCondition<JavaClass> STAY_IN_FEATURE = new ArchCondition<>(
            "depend within the ui only on their own feature, the shared widgets of dev.defl.ui and dev.defl.ui.concurrent") {
        @Override
        public void check(JavaClass view, ConditionEvents events) {
            String own = feature(view.getPackageName());
            for (Dependency d : view.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (!target.equals("dev.defl.ui") && !target.startsWith("dev.defl.ui.")) continue;
                if (SHARED_UI_PACKAGES.contains(target) || feature(target).equals(own)) continue;
                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
            }
        }
    };

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
    void viewsUseNoEngineTypes() {
        noClasses().that(VIEWS)
                .should().dependOnClassesThat(ENGINE_TYPES_BUT_CHOICE_ENUMS)
                .check(UI);
    }

    @Test
    void viewsUseOnlyTheirFeatureAndSharedWidgets() {
        classes().that(VIEWS)
                .should(STAY_IN_FEATURE).check(UI);
    }

    @Test
    void uiPackagesAreFreeOfCycles() {
        slices().matching("dev.defl.ui.(*)..").should().beFreeOfCycles().check(UI);
    }
}
