package dev.defl.ui.trainer;

import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.protocol.RunCancelledException;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.RealEngine;
import dev.defl.ui.run.RunObserver;
import dev.defl.ui.concurrent.TaskExecutor;
import dev.defl.ui.timeline.RoundState;
import dev.defl.ui.timeline.TimelineViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerViewModelTest {

    /** A hand-made split, answered by the stand-in loader of the test that checks which reads happen. */
    static final DatasetSplit TINY = new DatasetSplit(
            new LabeledDataset("tiny/train", new float[]{0, 1, 1, 0, 1, 1, 0, 0}, new int[]{0, 1, 1, 0}, 2, 2, null, "raw"),
            new LabeledDataset("tiny/test", new float[]{1, 0}, new int[]{1}, 2, 2, null, "raw"));
    /** A 5-row CSV (2 features, labels 0 and 1) in a temporary file, written once; the real loader reads it. */
    static final String TINY_CSV = writeTinyCsv();
    /** The app's dataset loader ({@link RealEngine#datasets()}). */
    static final DatasetLoader LOADER = RealEngine.datasets();

    private static String writeTinyCsv() {
        try {
            Path file = Files.createTempFile("tiny", ".csv");
            file.toFile().deleteOnExit();
            return Files.writeString(file, "0,1,0\n1,1,1\n0,0,0\n1,0,1\n1,1,1\n").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    static final RunObserver NOBODY = new RunObserver() {};

    static TrainerViewModel vm(DatasetLoader loader, ExperimentRunner runner, RunObserver observer) {
        return new TrainerViewModel(loader, runner, TaskExecutor.synchronous(), observer);
    }

    @Test
    void formDefaultsComeFromExperimentConfig() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        assertThat(vm.form().config()).isEqualTo(ExperimentConfig.defaults());
        assertThat(vm.form().field(ConfigField.CLIENTS).get()).isEqualTo("10");
        assertThat(vm.form().field(ConfigField.SEED).get()).isEqualTo("7");
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();
    }

    @Test
    void runIsDisabledUntilADatasetIsLoadedAndStopOnlyWhileRunning() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        assertThat(vm.runControl().stopDisabledProperty().get()).isTrue();
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.dataset().summaryProperty().get().shapeLine()).isEqualTo("4 train · 1 test · 2 features · 2 classes");
        assertThat(vm.dataset().summaryProperty().get().classCounts()).containsExactly(2, 2);
        assertThat(vm.dataset().datasetSpecProperty().get()).isEqualTo(TINY_CSV);
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
    }

    @Test
    void invalidFieldDisablesRunAndTheMessageNamesTheField() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        vm.form().field(ConfigField.CLIENTS).set("0");
        assertThat(vm.form().fieldValid(ConfigField.CLIENTS).get()).isFalse();
        assertThat(vm.form().validationMessageProperty().get()).startsWith("Clients N: clients must be 1..10000, got 0");
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
        TrainerViewModel vm = vm(RealEngine.datasets(), RealEngine.runner(), NOBODY);
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
    void loadFailureShowsTheLoadersMessage(@TempDir Path dir) throws Exception {
        // a real malformed file, read by the engine's CSV reader
        Path csv = Files.writeString(dir.resolve("data.csv"), "1,2,0\n3,4,1\n5,6\n7,8,1\n9,10,0\n11,12,1\n");
        TrainerViewModel vm = vm(RealEngine.datasets(), RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(csv.toString());
        assertThat(vm.errorProperty().get()).startsWith("Could not load dataset " + csv + ": ")
                .contains("data.csv:3:3: row has 2 fields, expected 3");
        assertThat(vm.dataset().loadingProperty().get()).isFalse();
        assertThat(vm.dataset().datasetProperty().get()).isNull();
    }

    @Test
    void runPassesTheFormConfigAndForwardsEventsToTheTimeline() {
        AtomicReference<ExperimentConfig> seen = new AtomicReference<>();
        TimelineViewModel timeline = new TimelineViewModel();
        // stand-in: exact events whose forwarding the assertions spell out (aRealRunOfDigits… runs the real engine)
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("exact events, forwarded as spelled out", (config, data, spec, listener, cancelled) -> {
            seen.set(config);
            listener.onStarted(31337, "0xabc", "http://rpc");
            listener.onRoundOpened(1);
            listener.onClientEpoch(1, 0, 1, 2.0, 0.1);
            listener.onClientEpoch(1, 1, 1, 1.0, 0.2);
            listener.onClientEpoch(1, 0, 2, 0.5, 0.5);
            listener.onProgress("Round 1 finalized", 0.5);
            listener.onRoundFinalized(new RunReport.RoundReport(1, "bafk", 0.9, 0.3, List.of(), List.of(), List.of(), 9));
            return new RunReport(31337, "0xabc", 1, List.of(new RunReport.RoundReport(1, "bafk", 0.9, 0.3, List.of(), List.of(), List.of(), 9)));
        }), timeline);
        vm.dataset().loadDataset(TINY_CSV);
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
        // stand-in: a transaction reverting mid-run; the lockstep driver never submits into a closed round on its own
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("a revert mid-run", (c, d, m, l, x) -> {
            throw new IllegalStateException("submitUpdate reverted: RoundClosed()");
        }), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        vm.runControl().run();
        assertThat(vm.errorProperty().get()).isEqualTo("Run failed: submitUpdate reverted: RoundClosed()");
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.runControl().runDisabledProperty().get()).isFalse();
    }

    @Test
    void stopAsksTheRunToCancelAndIsNotReportedAsAnError() {
        AtomicReference<TrainerViewModel> self = new AtomicReference<>();
        List<Boolean> polled = new ArrayList<>();
        // stand-in: Stop pressed at an exact point inside the run (a real run advances on its own; the check would race)
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunner("Stop pressed at an exact point", (c, d, m, l, cancelled) -> {
            polled.add(cancelled.getAsBoolean());
            assertThat(self.get().runningProperty().get()).isTrue();
            assertThat(self.get().runControl().runDisabledProperty().get()).isTrue();
            self.get().stop();
            polled.add(cancelled.getAsBoolean());
            throw new RunCancelledException("stopped after round 1");
        }), NOBODY);
        self.set(vm);
        vm.dataset().loadDataset(TINY_CSV);
        vm.runControl().run();
        assertThat(polled).containsExactly(false, true);
        assertThat(vm.stepProperty().get()).isEqualTo("Stopped: stopped after round 1");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void aRealRunOfDigitsFinalizesOneRoundAndFillsTheCurvesTimelineAndReport() {
        TimelineViewModel timeline = new TimelineViewModel();
        TrainerViewModel vm = vm(RealEngine.datasets(), RealEngine.runner(), timeline);
        vm.dataset().loadDataset("digits");
        vm.form().field(ConfigField.CLIENTS).set("2");
        vm.form().field(ConfigField.ROUNDS).set("1");
        vm.runControl().run();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.curves().clientEpochs()).extracting(ClientEpochPoint::client).containsExactlyInAnyOrder(0, 1);
        assertThat(vm.curves().globalRounds()).hasSize(1);
        RunReport report = vm.runControl().reportProperty().get();
        assertThat(report.rounds()).hasSize(1);
        assertThat(report.rounds().getFirst().globalModelCid()).startsWith("bafkrei");
        assertThat(report.rounds().getFirst().testAccuracy()).isBetween(0.0, 1.0);
        assertThat(timeline.rows().getFirst().state()).isEqualTo(RoundState.FINALIZED);
        assertThat(timeline.rows().getFirst().updateCountProperty().get()).isEqualTo(2);
        assertThat(vm.stepProperty().get()).startsWith("Finished 1 round · test accuracy ");
        assertThat(vm.runControl().progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.runControl().deviceProperty().get()).isEqualTo("cpu()");
        assertThat(vm.runningProperty().get()).isFalse();
    }
}
