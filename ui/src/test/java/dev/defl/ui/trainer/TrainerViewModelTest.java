package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.timeline.RoundState;
import dev.defl.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerViewModelTest {

    static final DatasetSplit TINY = new DatasetSplit(
            new LabeledDataset("tiny/train", new float[]{0, 1, 1, 0, 1, 1, 0, 0}, new int[]{0, 1, 1, 0}, 2, 2, null, "raw"),
            new LabeledDataset("tiny/test", new float[]{1, 0}, new int[]{1}, 2, 2, null, "raw"));
    static final DatasetLoader LOADER = (spec, options) -> TINY;
    static final RunObserver NOBODY = new RunObserver() {};

    static TrainerViewModel vm(DatasetLoader loader, ExperimentRunner runner, RunObserver observer) {
        return new TrainerViewModel(loader, runner, TaskExecutor.synchronous(), observer);
    }

    @Test
    void formDefaultsComeFromExperimentConfig() {
        TrainerViewModel vm = vm(LOADER, (c, d, m, l, x) -> null, NOBODY);
        assertThat(vm.form().config()).isEqualTo(ExperimentConfig.defaults());
        assertThat(vm.form().field(ConfigField.CLIENTS).get()).isEqualTo("10");
        assertThat(vm.form().field(ConfigField.SEED).get()).isEqualTo("7");
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();
    }

    @Test
    void runIsDisabledUntilADatasetIsLoadedAndStopOnlyWhileRunning() {
        TrainerViewModel vm = vm(LOADER, (c, d, m, l, x) -> null, NOBODY);
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        assertThat(vm.runControl().stopDisabledProperty().get()).isTrue();
        vm.dataset().loadDataset("tiny.csv");
        assertThat(vm.dataset().summaryProperty().get().shapeLine()).isEqualTo("4 train · 1 test · 2 features · 2 classes");
        assertThat(vm.dataset().summaryProperty().get().classCounts()).containsExactly(2, 2);
        assertThat(vm.dataset().datasetSpecProperty().get()).isEqualTo("tiny.csv");
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
    }

    @Test
    void invalidFieldDisablesRunAndTheMessageNamesTheField() {
        TrainerViewModel vm = vm(LOADER, (c, d, m, l, x) -> null, NOBODY);
        vm.dataset().loadDataset("tiny.csv");
        vm.form().field(ConfigField.CLIENTS).set("0");
        assertThat(vm.form().fieldValid(ConfigField.CLIENTS).get()).isFalse();
        assertThat(vm.form().validationMessageProperty().get()).startsWith("Clients N: clients must be 1..24, got 0");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().field(ConfigField.CLIENTS).set("4");
        vm.form().field(ConfigField.LEARNING_RATE).set("fast");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Learning rate: 'fast' is not a number");
        assertThat(vm.form().fieldValid(ConfigField.CLIENTS).get()).isTrue();
        vm.form().field(ConfigField.LEARNING_RATE).set(" 0.1 ");
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
        assertThat(vm.form().config().learningRate()).isEqualTo(0.1);
    }

    @Test
    void thePartitionPreviewFollowsTheFormAndSkewGrowsAsAlphaShrinks() throws Exception {
        DatasetSplit digits = dev.defl.engine.learning.Datasets.load("digits", 7);
        TrainerViewModel vm = vm((spec, options) -> digits, (c, d, m, l, x) -> null, NOBODY);
        vm.dataset().loadDataset("digits");
        var iid = vm.form().partitionPreviewProperty().get();
        assertThat(iid.clients()).isEqualTo(10);
        assertThat(java.util.Arrays.stream(iid.sizes()).sum()).isEqualTo(digits.train().size());
        vm.form().partitionKindProperty().set("dirichlet");
        vm.form().alphaProperty().set("0.1");
        var skewed = vm.form().partitionPreviewProperty().get();
        assertThat(skewed.meanLabelEntropy()).isLessThan(iid.meanLabelEntropy() - 0.5);
        assertThat(vm.form().partitionTextProperty().get()).contains("α").contains("bits");
        assertThat(vm.form().config().partitioner().kind()).isEqualTo("dirichlet");
        vm.form().field(ConfigField.CLIENTS).set("4");
        assertThat(vm.form().partitionPreviewProperty().get().clients()).isEqualTo(4);

        vm.form().alphaProperty().set("lots");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Dirichlet α: 'lots' is not a number");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        assertThat(vm.form().partitionPreviewProperty().get()).isNull();
        vm.form().partitionKindProperty().set("iid"); // α is not used by IID
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();
    }

    @Test
    void loadFailureShowsTheLoadersMessage() {
        TrainerViewModel vm = vm((spec, options) -> {
            throw new IOException("data.csv line 3: expected 65 cells, got 2");
        }, (c, d, m, l, x) -> null, NOBODY);
        vm.dataset().loadDataset("data.csv");
        assertThat(vm.errorProperty().get()).isEqualTo("Could not load dataset data.csv: data.csv line 3: expected 65 cells, got 2");
        assertThat(vm.dataset().loadingProperty().get()).isFalse();
        assertThat(vm.dataset().datasetProperty().get()).isNull();
    }

    @Test
    void runPassesTheFormConfigAndForwardsEventsToTheTimeline() {
        AtomicReference<ExperimentConfig> seen = new AtomicReference<>();
        TimelineViewModel timeline = new TimelineViewModel();
        TrainerViewModel vm = vm(LOADER, (config, data, spec, listener, cancelled) -> {
            seen.set(config);
            listener.onStarted(31337, "0xabc", "http://rpc");
            listener.onRoundOpened(1);
            listener.onClientEpoch(1, 0, 1, 2.0, 0.1);
            listener.onClientEpoch(1, 1, 1, 1.0, 0.2);
            listener.onClientEpoch(1, 0, 2, 0.5, 0.5);
            listener.onProgress("Round 1 finalized", 0.5);
            listener.onRoundFinalized(new RunReport.RoundReport(1, "bafk", 0.9, 0.3, List.of(), List.of(), List.of(), 9));
            return new RunReport(31337, "0xabc", 1, List.of(new RunReport.RoundReport(1, "bafk", 0.9, 0.3, List.of(), List.of(), List.of(), 9)));
        }, timeline);
        vm.dataset().loadDataset("tiny.csv");
        vm.form().field(ConfigField.CLIENTS).set("2");
        vm.form().field(ConfigField.LOCAL_EPOCHS).set("2");
        vm.runControl().run();
        assertThat(seen.get().clients()).isEqualTo(2);
        assertThat(vm.curves().clientEpochs()).containsExactly(new ClientEpochPoint(0, 1, 1, 2.0, 0.1),
                new ClientEpochPoint(1, 1, 1, 1.0, 0.2), new ClientEpochPoint(0, 1, 2, 0.5, 0.5));
        assertThat(vm.curves().globalRounds()).extracting(RunReport.RoundReport::testAccuracy).containsExactly(0.9);
        assertThat(vm.runControl().reportProperty().get().rounds()).hasSize(1);
        assertThat(vm.runControl().exportDisabledProperty().get()).isFalse();
        assertThat(timeline.rows().getFirst().state()).isEqualTo(RoundState.FINALIZED);
        assertThat(vm.stepProperty().get()).isEqualTo("Finished 1 round · test accuracy 90.0 %");
        assertThat(vm.runControl().progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void runFailureShowsTheExceptionMessage() {
        TrainerViewModel vm = vm(LOADER, (c, d, m, l, x) -> {
            throw new IllegalStateException("submitUpdate reverted: RoundClosed()");
        }, NOBODY);
        vm.dataset().loadDataset("tiny.csv");
        vm.runControl().run();
        assertThat(vm.errorProperty().get()).isEqualTo("Run failed: submitUpdate reverted: RoundClosed()");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
    }

    @Test
    void stopAsksTheRunToCancelAndIsNotReportedAsAnError() {
        AtomicReference<TrainerViewModel> self = new AtomicReference<>();
        List<Boolean> polled = new ArrayList<>();
        TrainerViewModel vm = vm(LOADER, (c, d, m, l, cancelled) -> {
            polled.add(cancelled.getAsBoolean());
            assertThat(self.get().runningProperty().get()).isTrue();
            assertThat(self.get().runControl().runDisabledProperty().get()).isTrue();
            self.get().stop();
            polled.add(cancelled.getAsBoolean());
            throw new RunCancelledException("stopped after round 1");
        }, NOBODY);
        self.set(vm);
        vm.dataset().loadDataset("tiny.csv");
        vm.runControl().run();
        assertThat(polled).containsExactly(false, true);
        assertThat(vm.stepProperty().get()).isEqualTo("Stopped: stopped after round 1");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
    }
}
