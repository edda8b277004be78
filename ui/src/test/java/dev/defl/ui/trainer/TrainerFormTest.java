package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.ui.RealEngine;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.defl.ui.trainer.TrainerViewModelTest.LOADER;
import static dev.defl.ui.trainer.TrainerViewModelTest.NOBODY;
import static dev.defl.ui.trainer.TrainerViewModelTest.TINY_CSV;
import static dev.defl.ui.trainer.TrainerViewModelTest.vm;
import static org.assertj.core.api.Assertions.assertThat;

/** The model and strategy pickers of the Trainer form: which fields show, and the config they build. */
class TrainerFormTest {

    private static Set<StrategyField> visible(TrainerViewModel vm) {
        return Arrays.stream(StrategyField.values()).filter(f -> vm.form().strategyFieldVisible(f).get())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StrategyField.class)));
    }

    @Test
    void eachStrategyShowsOnlyTheHyperParametersItUses() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.form().strategyNameProperty().set("fedavg");
        assertThat(visible(vm)).isEmpty();
        vm.form().strategyNameProperty().set("fedmedian");
        assertThat(visible(vm)).isEmpty();
        vm.form().strategyNameProperty().set("fedprox");
        assertThat(visible(vm)).containsExactly(StrategyField.PROXIMAL_MU);
        for (String adaptive : new String[]{"fedavgm", "fedadam", "fedyogi", "fedadagrad"}) {
            vm.form().strategyNameProperty().set(adaptive);
            assertThat(visible(vm)).as(adaptive).containsExactly(StrategyField.SERVER_LR, StrategyField.MOMENTUM);
        }
        vm.form().strategyNameProperty().set("trimmed-mean");
        assertThat(visible(vm)).containsExactly(StrategyField.TRIMMED_BETA);
        vm.form().strategyNameProperty().set("krum");
        assertThat(visible(vm)).containsExactly(StrategyField.KRUM_F);
        vm.form().strategyNameProperty().set("multi-krum");
        assertThat(visible(vm)).containsExactly(StrategyField.KRUM_F, StrategyField.MULTI_KRUM_M);
    }

    @Test
    void everyStrategyNameBuildsItsDefaultSpecFromAnUntouchedForm() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        for (String name : StrategySpec.NAMES) {
            vm.form().strategyNameProperty().set(name);
            assertThat(vm.form().strategySpec()).as(name).isEqualTo(StrategySpec.of(name));
            assertThat(vm.form().config().strategy()).isEqualTo(StrategySpec.of(name));
            assertThat(StrategyField.describe(name)).as(name).isNotBlank();
        }
    }

    @Test
    void aByzantineBoundTheRuleCannotTolerateIsRefusedBeforeTheRunWithTheRule() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.form().strategyNameProperty().set("krum");
        vm.form().strategyField(StrategyField.KRUM_F).set("4"); // 10 clients: Krum needs n >= 2f + 3 = 11
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vm.form().config())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Strategy krum: krum cannot tolerate f = 4 Byzantine clients of n = 10 per round: it needs "
                        + "n >= 2f + 3 = 11 updates per round");
        vm.form().strategyField(StrategyField.KRUM_F).set("3");
        assertThat(vm.form().config().strategy().krumF()).isEqualTo(3);
    }

    @Test
    void theServerLearningRateDefaultFollowsTheStrategyButATypedValueStays() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.form().strategyNameProperty().set("fedavgm");
        assertThat(vm.form().strategyField(StrategyField.SERVER_LR).get()).isEqualTo("1.0");
        vm.form().strategyNameProperty().set("fedadam");
        assertThat(vm.form().strategyField(StrategyField.SERVER_LR).get()).isEqualTo("0.01");
        vm.form().strategyField(StrategyField.SERVER_LR).set("0.05");
        vm.form().strategyNameProperty().set("fedyogi");
        assertThat(vm.form().strategySpec().serverLr()).isEqualTo(0.05);
    }

    @Test
    void theFormBuildsTheConfigAndStrategyItShows() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.form().field(ConfigField.CLIENTS).set("6");
        vm.form().field(ConfigField.ROUNDS).set("4");
        vm.form().strategyNameProperty().set("multi-krum");
        vm.form().strategyField(StrategyField.KRUM_F).set("1");
        vm.form().strategyField(StrategyField.MULTI_KRUM_M).set(" 3 ");
        vm.form().partitionKindProperty().set("dirichlet");
        vm.form().alphaProperty().set("0.3");
        ExperimentConfig config = vm.form().config();
        assertThat(config.clients()).isEqualTo(6);
        assertThat(config.rounds()).isEqualTo(4);
        assertThat(config.strategy()).isEqualTo(new StrategySpec("multi-krum", 1.0, 0.9, 0.1, 1, 3, 0.01));
        assertThat(config.partitioner().kind()).isEqualTo("dirichlet");

        vm.form().strategyNameProperty().set("fedprox");
        vm.form().strategyField(StrategyField.PROXIMAL_MU).set("0.1");
        assertThat(vm.form().config().strategy().clientProximalMu()).isEqualTo(0.1);
    }

    @Test
    void aBadHyperParameterIsNamedAndDisablesRunButOnlyWhileItsStrategyIsPicked() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        vm.form().strategyNameProperty().set("trimmed-mean");
        vm.form().strategyField(StrategyField.TRIMMED_BETA).set("lots");
        assertThat(vm.form().strategyFieldValid(StrategyField.TRIMMED_BETA).get()).isFalse();
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Trimmed fraction β: 'lots' is not a number");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().strategyField(StrategyField.TRIMMED_BETA).set("0.7");
        assertThat(vm.form().validationMessageProperty().get()).startsWith("Strategy trimmed-mean: ");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().strategyNameProperty().set("fedavg"); // β is not used by FedAvg
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();

        vm.form().strategyNameProperty().set("krum");
        vm.form().strategyField(StrategyField.KRUM_F).set("1.5");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Byzantine clients f: '1.5' is not a whole number");
    }

    @Test
    void theCnnNeedsImagesAndSaysSoForTabularData() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(TINY_CSV); // 2 features: not a square image
        vm.form().modelKindProperty().set(ModelKind.CNN);
        assertThat(vm.form().validationMessageProperty().get()).startsWith("Model: model cnn needs image rows");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().modelKindProperty().set(ModelKind.LOGREG);
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
        for (ModelKind k : ModelKind.values()) assertThat(ExperimentFormViewModel.describe(k)).isNotBlank();
    }

    @Test
    void theCnnAcceptsSquareImageRows() {
        TrainerViewModel vm = vm(RealEngine.datasets(), RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset("digits"); // 8×8 images
        assertThat(vm.dataset().datasetProperty().get().train().imageShape()).containsExactly(8, 8);
        vm.form().modelKindProperty().set(ModelKind.CNN);
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();
    }
}
