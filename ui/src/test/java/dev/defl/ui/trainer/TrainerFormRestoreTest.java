package dev.defl.ui.trainer;

import dev.defl.engine.learning.Partitioner;
import dev.defl.engine.learning.StrategySpec;
import dev.defl.engine.learning.privacy.DpSetting;
import dev.defl.engine.runs.RunKind;
import dev.defl.engine.runs.RunParams;
import dev.defl.ui.concurrent.TaskExecutor;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Trainer form takes a recorded run's settings back (the last-used settings after a restart). */
class TrainerFormRestoreTest {

    @Test
    void theFormTakesARecordedRunsSettings() {
        ExperimentFormViewModel form = new ExperimentFormViewModel(new SimpleObjectProperty<>(), new TrainerStatus(),
                TaskExecutor.synchronous());
        StrategySpec momentum = new StrategySpec("fedavgm", 0.5, 0.8, 0.1, 1, 0, 0.01);
        RunParams p = new RunParams(RunKind.EXPERIMENT, "digits", null, 1437L, 360L,
                Partitioner.of("dirichlet", 0.3, 7).describe(), "cnn", "fedavgm", momentum.toTaskSpec(), 8, 0.5, 3, 4,
                2, 16, 0.05, 99L, "cpu()", "sign-flip ×4 on 1 client");
        form.restore(p);

        assertThat(form.field(ConfigField.CLIENTS).get()).isEqualTo("8");
        assertThat(form.field(ConfigField.CLIENT_FRACTION).get()).isEqualTo("0.5");
        assertThat(form.field(ConfigField.AGGREGATORS).get()).isEqualTo("3");
        assertThat(form.field(ConfigField.ROUNDS).get()).isEqualTo("4");
        assertThat(form.field(ConfigField.LOCAL_EPOCHS).get()).isEqualTo("2");
        assertThat(form.field(ConfigField.BATCH_SIZE).get()).isEqualTo("16");
        assertThat(form.field(ConfigField.LEARNING_RATE).get()).isEqualTo("0.05");
        assertThat(form.field(ConfigField.SEED).get()).isEqualTo("99");
        assertThat(form.field(ConfigField.ATTACK).get()).as("a restart starts clean").isEmpty();
        assertThat(form.modelKindProperty().get().cliName()).isEqualTo("cnn");
        assertThat(form.strategySpec()).isEqualTo(momentum);
        assertThat(form.partitionKindProperty().get()).isEqualTo("dirichlet");
        assertThat(form.alphaProperty().get()).isEqualTo("0.3");
        assertThat(form.minPartitionSizeProperty().get()).isEqualTo("7");
        assertThat(form.validationMessageProperty().get()).isEmpty();
        assertThat(form.privacy().enabledProperty().get()).as("a run without DP restores DP off").isFalse();
        assertThat(form.config().dp()).isNull();
    }

    @Test
    void theFormTakesARecordedRunsDpSetting() {
        ExperimentFormViewModel form = new ExperimentFormViewModel(new SimpleObjectProperty<>(), new TrainerStatus(),
                TaskExecutor.synchronous());
        RunParams p = new RunParams(RunKind.EXPERIMENT, "digits", null, 1437L, 360L, Partitioner.of("iid", 0.5, 10).describe(),
                "mlp", "fedavg", null, 3, 1.0, 1, 2, 1, 32, 0.01, 42L, "cpu()", null)
                .withDp(new DpSetting(0.5, 1.2, 1e-6));
        form.restore(p);

        assertThat(form.privacy().enabledProperty().get()).isTrue();
        assertThat(form.privacy().clipProperty().get()).isEqualTo("0.5");
        assertThat(form.privacy().noiseProperty().get()).isEqualTo("1.2");
        assertThat(form.privacy().deltaProperty().get()).isEqualTo("1.0E-6");
        assertThat(form.validationMessageProperty().get()).isEmpty();
        assertThat(form.config().dp()).isEqualTo(new DpSetting(0.5, 1.2, 1e-6));

        form.restore(new RunParams(RunKind.EXPERIMENT, "digits", null, 1437L, 360L, null, "mlp", "fedavg", null, 3, 1.0,
                1, 2, 1, 32, 0.01, 42L, "cpu()", null));
        assertThat(form.privacy().enabledProperty().get()).as("a later run without DP switches it off").isFalse();
        assertThat(form.privacy().clipProperty().get()).as("the values stay for the next DP run").isEqualTo("0.5");
    }

    @Test
    void theFormTakesARecordedRunsAdaptiveClipping() {
        ExperimentFormViewModel form = new ExperimentFormViewModel(new SimpleObjectProperty<>(), new TrainerStatus(),
                TaskExecutor.synchronous());
        DpSetting adaptive = new DpSetting(0.05, 0.1, 1e-5, 0.7);
        RunParams p = new RunParams(RunKind.EXPERIMENT, "digits", null, 1437L, 360L, Partitioner.of("iid", 0.5, 10).describe(),
                "mlp", "fedavg", null, 3, 1.0, 1, 2, 1, 32, 0.01, 42L, "cpu()", null).withDp(adaptive);
        form.restore(p);

        assertThat(form.privacy().enabledProperty().get()).isTrue();
        assertThat(form.privacy().adaptiveProperty().get()).isTrue();
        assertThat(form.privacy().quantileProperty().get()).isEqualTo("0.7");
        assertThat(form.validationMessageProperty().get()).isEmpty();
        assertThat(form.config().dp()).isEqualTo(adaptive);

        form.restore(p.withDp(adaptive.withTargetQuantile(null)));
        assertThat(form.privacy().adaptiveProperty().get()).as("a fixed-C run switches adaptive clipping off").isFalse();
        assertThat(form.config().dp()).isEqualTo(adaptive.withTargetQuantile(null));
    }
}
