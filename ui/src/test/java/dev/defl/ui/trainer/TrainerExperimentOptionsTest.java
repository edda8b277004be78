package dev.defl.ui.trainer;

import dev.defl.engine.content.EmbeddedContentStore;
import dev.defl.engine.learning.DatasetOptions;
import dev.defl.engine.learning.DatasetSplit;
import dev.defl.engine.learning.Datasets;
import dev.defl.engine.learning.ModelKind;
import dev.defl.engine.learning.ModelSpec;
import dev.defl.engine.protocol.ExperimentConfig;
import dev.defl.engine.protocol.ExperimentRunner;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.protocol.RunReport;
import dev.defl.ui.DatasetLoader;
import dev.defl.ui.RealEngine;
import dev.defl.ui.ExperimentRunners;
import dev.defl.ui.concurrent.TaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.defl.ui.trainer.TrainerViewModelTest.LOADER;
import static dev.defl.ui.trainer.TrainerViewModelTest.NOBODY;
import static dev.defl.ui.trainer.TrainerViewModelTest.TINY_CSV;
import static dev.defl.ui.trainer.TrainerViewModelTest.TINY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Trainer form's client fraction, attack and device, the dataset reading options, regression datasets (target
 * histogram, model default, RMSE/R² curves and status) and publishing a dataset to the content store.
 */
class TrainerExperimentOptionsTest {


    private static TrainerViewModel vm(DatasetLoader loader, ExperimentRunners runners, EmbeddedContentStore store) {
        return new TrainerViewModel(loader, runners, store, TaskExecutor.synchronous(), NOBODY);
    }

    private static RunReport.RoundReport regressionRound(int round, double mse, double rmse, double r2) {
        return new RunReport.RoundReport(round, "bafk" + round, Double.NaN, mse, rmse, rmse * 0.8, r2, List.of(),
                List.of(), List.of(), 10L * round);
    }

    @Test
    void clientFractionAndAttackAreValidatedAndGoIntoTheConfig() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.form().field(ConfigField.CLIENT_FRACTION).get()).isEqualTo("1.0");
        assertThat(vm.form().field(ConfigField.ATTACK).get()).isEmpty();

        vm.form().field(ConfigField.CLIENT_FRACTION).set("0");
        assertThat(vm.form().fieldValid(ConfigField.CLIENT_FRACTION).get()).isFalse();
        assertThat(vm.form().validationMessageProperty().get())
                .isEqualTo("Client fraction C: client fraction C must be in (0, 1], got 0.0");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().field(ConfigField.CLIENT_FRACTION).set("half");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Client fraction C: 'half' is not a number");
        vm.form().field(ConfigField.CLIENT_FRACTION).set("0.5");

        vm.form().field(ConfigField.ATTACK).set("3:flip:10");
        assertThat(vm.form().fieldValid(ConfigField.ATTACK).get()).isFalse();
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo(
                "Attack: attack '3:flip:10': unknown attack 'flip' (known: signflip, gaussian, labelflip, alie, ipm, "
                        + "fang-krum, fang-trimmed)");
        vm.form().field(ConfigField.ATTACK).set("labelflip:3:2");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo(
                "Attack: attack 'labelflip:3:2': labelflip takes no parameter");
        vm.form().field(ConfigField.ATTACK).set("3:signflip:10");
        vm.form().field(ConfigField.CLIENTS).set("2"); // K = 3 > N = 2
        assertThat(vm.form().fieldValid(ConfigField.ATTACK).get()).isTrue();
        assertThat(vm.form().validationMessageProperty().get())
                .isEqualTo("Attack: attacking clients K must be <= clients N = 2, got 3");
        vm.form().field(ConfigField.CLIENTS).set("6");
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();

        ExperimentConfig config = vm.form().config();
        assertThat(config.clientFraction()).isEqualTo(0.5);
        assertThat(config.clientsPerRound()).isEqualTo(3);
        assertThat(config.attack()).isEqualTo(AttackPlan.parse("signflip:3:10"));
        vm.form().field(ConfigField.ATTACK).set(" none ");
        assertThat(vm.form().config().attack()).isEqualTo(AttackPlan.none());
    }

    @Test
    void theRunAsksForThePickedDeviceAndTrainsThePickedModel() {
        List<String> devices = new ArrayList<>();
        AtomicReference<ExperimentConfig> seenConfig = new AtomicReference<>();
        AtomicReference<ModelSpec> seenModel = new AtomicReference<>();
        // stand-in: records the device, config and model the Trainer passes, and reports the CUDA fallback whatever
        // machine runs the test (the real engine falls back only where PyTorch sees no GPU)
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunners("records what is passed; CUDA fallback on any machine", device -> {
            devices.add(device);
            return (config, data, model, listener, cancelled) -> {
                seenConfig.set(config);
                seenModel.set(model);
                listener.onDevice("cpu()", "CUDA requested but no GPU visible to PyTorch; training on CPU");
                return new RunReport(1, "0x1", 1, List.of());
            };
        }), null);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.form().deviceChoiceProperty().get()).isEqualTo("cpu");
        vm.form().deviceChoiceProperty().set("gpu");
        assertThat(vm.form().validationMessageProperty().get()).isEqualTo("Device: 'gpu' must be cpu, cuda or auto");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().deviceChoiceProperty().set("cuda");
        vm.form().modelKindProperty().set(ModelKind.LOGREG);
        vm.form().field(ConfigField.CLIENTS).set("4");
        vm.form().field(ConfigField.CLIENT_FRACTION).set("0.5");
        vm.form().field(ConfigField.ATTACK).set("1:signflip:5");
        vm.runControl().run();
        assertThat(devices).containsExactly("cuda");
        assertThat(seenModel.get()).isEqualTo(ModelKind.LOGREG.spec(vm.dataset().datasetProperty().get()));
        assertThat(seenConfig.get().clientFraction()).isEqualTo(0.5);
        assertThat(seenConfig.get().attack().clients()).isEqualTo(1);
        assertThat(vm.runControl().deviceWarningProperty().get()).contains("no GPU");
        assertThat(RunControlViewModel.startLine(seenConfig.get(), ModelKind.LOGREG, "cuda")).isEqualTo(
                "Starting: 4 clients (C = 0.5: 2 per round), 2 aggregators, 3 rounds, logreg, fedavg, "
                        + "attack signflip:1:5, cuda");
    }

    @Test
    void aDeviceThatCannotBeSetUpFailsTheRunWithItsMessage() {
        // stand-in: a device that cannot be set up; the real factory fails only for names the form already rejects,
        // and a missing GPU falls back to the CPU instead of failing
        TrainerViewModel vm = vm(LOADER, StandIns.scriptedRunners("a device whose setup fails", device -> {
            throw new IllegalArgumentException("device '" + device + "' must be cpu, cuda or auto");
        }), null);
        vm.dataset().loadDataset(TINY_CSV);
        vm.runControl().run();
        assertThat(vm.errorProperty().get()).isEqualTo("Run failed: device 'cpu' must be cpu, cuda or auto");
        assertThat(vm.runningProperty().get()).isFalse();
    }

    @Test
    void theReadingOptionsGoToTheLoaderAndAChangedOptionReReadsAFile() {
        List<String> calls = new ArrayList<>();
        List<DatasetOptions> seen = new ArrayList<>();
        // stand-in: records every read and the options passed, including reads of files that do not exist; which
        // reads happen is what is under test, not what they return
        TrainerViewModel vm = vm(StandIns.scriptedLoader("records the reads and options", (spec, options) -> {
            calls.add(spec);
            seen.add(options);
            return TINY;
        }), RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset("houses.csv");
        assertThat(seen.getLast()).isEqualTo(DatasetOptions.defaults());

        vm.dataset().targetColumnProperty().set("price");
        assertThat(seen.getLast().targetColumn()).isEqualTo("price");
        vm.dataset().taskProperty().set(DatasetOptions.TaskType.REGRESSION);
        vm.dataset().missingProperty().set(DatasetOptions.MissingValues.MEDIAN);
        vm.dataset().imageChannelsProperty().set(3);
        vm.dataset().imageSizeProperty().set("32");
        assertThat(calls).hasSize(6).allMatch("houses.csv"::equals);
        assertThat(seen.getLast()).isEqualTo(new DatasetOptions("price", DatasetOptions.TaskType.REGRESSION,
                DatasetOptions.MissingValues.MEDIAN, 32, 3));

        vm.dataset().imageSizeProperty().set("2");
        assertThat(vm.dataset().imageSizeValid().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEqualTo("Dataset options: Image size: must be 4..512 pixels, got 2");
        assertThat(calls).hasSize(6);
        vm.dataset().imageSizeProperty().set("28");
        vm.dataset().targetColumnProperty().set(" ");
        assertThat(seen.getLast().targetColumn()).isNull(); // blank = the last column

        // built-in and published datasets are not re-read
        vm.dataset().loadDataset("digits");
        int loads = calls.size();
        vm.dataset().missingProperty().set(DatasetOptions.MissingValues.DROP);
        assertThat(calls).hasSize(loads);
        vm.dataset().loadDataset("houses.csv"); // options changed while a built-in was loaded still apply to the next file
        assertThat(seen.getLast().missing()).isEqualTo(DatasetOptions.MissingValues.DROP);
        vm.dataset().missingProperty().set(DatasetOptions.MissingValues.MEAN);
        assertThat(calls.getLast()).isEqualTo("houses.csv");
        assertThat(seen.getLast().missing()).isEqualTo(DatasetOptions.MissingValues.MEAN);
        assertThat(DatasetViewModel.readsOptions("cid:bafkreiabc")).isFalse();
        assertThat(DatasetViewModel.readsOptions("boston")).isFalse();
        assertThat(DatasetViewModel.readsOptions("/data/faces")).isTrue();
    }

    @Test
    void aRegressionDatasetShowsATargetHistogramAndPicksTheMlpRegressor() throws Exception {
        DatasetSplit boston = Datasets.load("boston", 7);
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.form().modelKindProperty().set(ModelKind.LOGREG);
        vm.dataset().loadDataset("boston");
        assertThat(vm.dataset().regressionProperty().get()).isTrue();
        assertThat(vm.form().modelKindProperty().get()).isEqualTo(ModelKind.MLP_REG);
        DatasetSummary summary = vm.dataset().summaryProperty().get();
        assertThat(summary.isRegression()).isTrue();
        TargetHistogram h = summary.targets();
        assertThat(h.bins()).isEqualTo(20);
        assertThat(h.total()).isEqualTo(boston.train().size());
        assertThat(h.min()).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-4)); // MEDV, thousands of dollars
        assertThat(h.max()).isEqualTo(50.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(summary.shapeLine()).isEqualTo("404 train · 102 test · 13 features · real-valued target 5.00–50.0");
        assertThat(vm.form().validationMessageProperty().get()).isEmpty();

        vm.form().modelKindProperty().set(ModelKind.MLP);
        assertThat(vm.form().validationMessageProperty().get()).startsWith(
                "Model: model mlp is a classification model but dataset boston/train has a real-valued target");
        assertThat(vm.runControl().runDisabledProperty().get()).isTrue();
        vm.form().modelKindProperty().set(ModelKind.LINREG); // a regressor the user picked stays on the next load
        vm.dataset().loadDataset("boston");
        assertThat(vm.form().modelKindProperty().get()).isEqualTo(ModelKind.LINREG);

        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.dataset().regressionProperty().get()).isFalse();
        assertThat(vm.form().modelKindProperty().get()).isEqualTo(ModelKind.MLP);
        assertThat(vm.dataset().summaryProperty().get().targets()).isNull();
    }

    @Test
    void targetHistogramBinsEqualWidthsAndKeepsTheMaximumInTheLastBin() {
        TargetHistogram h = TargetHistogram.of(new float[]{0, 1, 2, 3, 4, 10, Float.NaN}, 5);
        assertThat(h.counts()).containsExactly(2, 2, 1, 0, 1);
        assertThat(h.lowerEdge(1)).isEqualTo(2.0);
        assertThat(h.label(0)).isEqualTo("1.00");
        assertThat(TargetHistogram.of(new float[]{3, 3}, 4).counts()).containsExactly(2, 0, 0, 0);
    }

    @Test
    void aRegressionRunPlotsRmseAndR2AndReportsThemWhenFinished() throws Exception {
        DatasetSplit boston = Datasets.load("boston", 7);
        // stand-in: exact RMSE/R² values the curve and status assertions spell out (a real run's values are its own)
        TrainerViewModel vm = vm(RealEngine.datasets(), StandIns.scriptedRunner("exact regression round values", (c, d, m, listener, x) -> {
            listener.onClientEpoch(1, 0, 1, 80.0, Double.NaN);
            listener.onClientEpoch(2, 0, 1, 40.0, Double.NaN);
            listener.onRoundFinalized(regressionRound(1, 49.0, 7.0, 0.41));
            listener.onRoundFinalized(regressionRound(2, 20.25, 4.5, 0.76));
            return new RunReport(31337, "0x1", 1, List.of(regressionRound(1, 49.0, 7.0, 0.41),
                    regressionRound(2, 20.25, 4.5, 0.76)));
        }), NOBODY);
        vm.dataset().loadDataset("boston");
        vm.runControl().run();
        assertThat(vm.curves().curvesRegressionProperty().get()).isTrue();
        assertThat(CurvesViewModel.globalCurve(vm.curves().globalRounds(), Metric.LOSS, 0))
                .containsExactly(new CurvesViewModel.CurvePoint(1, 7.0), new CurvesViewModel.CurvePoint(2, 4.5));
        assertThat(CurvesViewModel.globalCurve(vm.curves().globalRounds(), Metric.ACCURACY, 0))
                .containsExactly(new CurvesViewModel.CurvePoint(1, 0.41), new CurvesViewModel.CurvePoint(2, 0.76));
        // the client's MSE is plotted, its NaN accuracy is skipped rather than drawn
        assertThat(CurvesViewModel.clientCurve(vm.curves().clientEpochs(), 0, Metric.LOSS, 0))
                .extracting(CurvesViewModel.CurvePoint::y).containsExactly(80.0, 40.0);
        assertThat(CurvesViewModel.clientCurve(vm.curves().clientEpochs(), 0, Metric.ACCURACY, 0)).isEmpty();
        assertThat(CurvesViewModel.metricLabel(Metric.LOSS, true)).isEqualTo("RMSE");
        assertThat(CurvesViewModel.metricLabel(Metric.ACCURACY, true)).isEqualTo("R²");
        assertThat(CurvesViewModel.metricLabel(Metric.ACCURACY, false)).isEqualTo("Accuracy");
        assertThat(vm.stepProperty().get()).isEqualTo("Finished 2 rounds · test RMSE 4.500 · R² 0.760")
                .doesNotContain("NaN");
    }

    @Test
    void publishingAddsTheDatasetToTheStoreAndCidLoadsItBack(@TempDir Path dir) throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        DatasetSplit boston = Datasets.load("boston", 7);
        TrainerViewModel vm = vm((spec, options) -> Datasets.load(spec, 7, options, store), RealEngine.runners(), store);
        assertThat(vm.dataset().publishDisabledProperty().get()).isTrue();
        vm.dataset().loadDataset("boston");
        assertThat(vm.dataset().publishDisabledProperty().get()).isFalse();
        vm.dataset().publishDataset();
        String cid = vm.dataset().publishedCidProperty().get();
        assertThat(cid).startsWith("bafkrei");
        assertThat(vm.dataset().publishMessageProperty().get()).startsWith("Published boston: 404 + 102 rows in 2 shards");
        assertThat(vm.dataset().publishingProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();

        vm.dataset().loadDataset("digits"); // another dataset: the CID no longer describes it
        assertThat(vm.dataset().publishedCidProperty().get()).isEmpty();
        vm.dataset().loadDataset("cid:" + cid);
        assertThat(vm.errorProperty().get()).isEmpty();
        DatasetSplit back = vm.dataset().datasetProperty().get();
        assertThat(back.train().size()).isEqualTo(404);
        assertThat(back.test().size()).isEqualTo(102);
        assertThat(back.train().targets()).containsExactly(boston.train().targets());
        assertThat(vm.dataset().regressionProperty().get()).isTrue();
        assertThat(vm.dataset().datasetSpecProperty().get()).isEqualTo("cid:" + cid);
    }

    @Test
    void aCidTheStoreLacksIsNamedInTheError(@TempDir Path dir) throws Exception {
        EmbeddedContentStore store = new EmbeddedContentStore(dir.resolve("ipfs"));
        String absent = store.add("not a dataset".getBytes()).toString();
        TrainerViewModel vm = vm((spec, options) -> Datasets.load(spec, 7, options, store), RealEngine.runners(), store);
        vm.dataset().loadDataset("cid:" + absent);
        assertThat(vm.errorProperty().get()).startsWith("Could not load dataset cid:" + absent + ": ")
                .contains(absent);
        vm.dataset().loadDataset("cid:nonsense");
        assertThat(vm.errorProperty().get()).contains("cid:nonsense").contains("not a CID");
        assertThat(vm.dataset().datasetProperty().get()).isNull();
    }

    @Test
    void withoutAContentStorePublishIsDisabled() {
        TrainerViewModel vm = vm(LOADER, RealEngine.runner(), NOBODY);
        vm.dataset().loadDataset(TINY_CSV);
        assertThat(vm.dataset().publishDisabledProperty().get()).isTrue();
        vm.dataset().publishDataset();
        assertThat(vm.dataset().publishedCidProperty().get()).isEmpty();
    }

    private static TrainerViewModel vm(DatasetLoader loader, ExperimentRunner runner, dev.defl.ui.run.RunObserver o) {
        return TrainerViewModelTest.vm(loader, runner, o);
    }
}
