package dev.defl.engine.learning;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Central training of the regressors on the bundled Boston house prices, through the real DJL trainer. */
class BostonRegressionTest {
    private static final LocalTrainer trainer = new LocalTrainer();
    private static DatasetSplit boston;

    @BeforeAll
    static void load() throws Exception {
        boston = Datasets.load("boston", 42);
    }

    @Test
    void linearRegressionReachesRSquaredAboveSixTenthsInAFewEpochs() throws Exception {
        ModelSpec spec = ModelKind.LINREG.spec(boston);
        assertThat(spec).isEqualTo(ModelSpec.linearRegression(13).withTargetScale(ModelSpec.TargetScale.of(boston.train().targets())));
        assertThat(spec.targetScale().mean()).isBetween(20.0, 25.0);
        ModelWeights start = trainer.initialWeights(spec, 1);
        List<EpochMetrics> seen = new ArrayList<>();
        TrainResult r = trainer.train(spec, start, boston.train(), new TrainConfig(10, 16, 1e-2, 3),
                (e, loss, acc) -> seen.add(new EpochMetrics(e, loss, acc)), () -> false);
        assertThat(seen).hasSize(10);
        assertThat(seen.getLast().accuracy()).isNaN();
        assertThat(seen.getLast().loss()).as("training MSE in (k$)²").isLessThan(seen.getFirst().loss()).isLessThan(60);
        EvalResult eval = trainer.evaluate(spec, r.weights(), boston.test());
        assertThat(eval.isRegression()).isTrue();
        assertThat(eval.samples()).isEqualTo(102);
        assertThat(eval.accuracy()).isNaN();
        RegressionMetrics m = eval.regression();
        assertThat(m.r2()).isGreaterThan(0.6);
        assertThat(m.rmse()).as("k$").isLessThan(6).isEqualTo(Math.sqrt(eval.loss()));
        assertThat(m.mae()).isLessThan(m.rmse());
    }

    @Test
    void mlpRegressorLearnsBoston() throws Exception {
        ModelSpec spec = ModelKind.MLP_REG.spec(boston);
        assertThat(spec.layerSizes()).containsExactly(13, 64, 64, 1);
        TrainResult r = trainer.train(spec, trainer.initialWeights(spec, 1), boston.train(), new TrainConfig(10, 16, 1e-3, 3),
                EpochListener.NONE, () -> false);
        assertThat(trainer.evaluate(spec, r.weights(), boston.test()).regression().r2()).isGreaterThan(0.6);
    }

    @Test
    void regressorMetadataRecordsTheTaskAndTargetScaleAndRoundTrips() throws Exception {
        ModelSpec spec = ModelKind.LINREG.spec(boston);
        Map<String, String> meta = SafetensorsCodec.modelMetadata(spec, boston.train());
        assertThat(meta).containsEntry(ModelSpec.KEY_TASK, "regression").containsEntry(ModelSpec.KEY_ARCHITECTURE, ModelSpec.REGRESSOR)
                .containsEntry(ModelSpec.KEY_TORCH_MODULE, "torch.nn.Sequential(torch.nn.Linear(13, 1))")
                .containsEntry(SafetensorsCodec.KEY_DATASET, "boston")
                .containsKeys(ModelSpec.KEY_TARGET_MEAN, ModelSpec.KEY_TARGET_STD);
        assertThat(meta.get(SafetensorsCodec.KEY_PREPROCESSING)).contains("target MEDV");
        var file = SafetensorsCodec.decode(SafetensorsCodec.encode(trainer.initialWeights(spec, 1), meta));
        assertThat(ModelSpec.fromMetadata(file.metadata())).isEqualTo(spec);
        assertThat(SafetensorsCodec.modelMetadata(ModelSpec.twoNN(64, 10), Datasets.load("digits", 1).train()))
                .doesNotContainKey(ModelSpec.KEY_TASK);
    }

    @Test
    void classifierAndRegressorRefuseTheOtherKindOfDataset() throws Exception {
        assertThatThrownBy(() -> ModelKind.MLP.spec(boston)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model mlp is a classification model").hasMessageContaining("linreg or mlp-reg");
        DatasetSplit digits = Datasets.load("digits", 1);
        assertThatThrownBy(() -> ModelKind.LINREG.spec(digits)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model linreg is a regression model").hasMessageContaining("classification dataset (10 classes)");
        ModelSpec linreg = ModelSpec.linearRegression(64);
        assertThatThrownBy(() -> trainer.evaluate(linreg, trainer.initialWeights(linreg, 1), digits.test()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs real-valued targets");
    }

    @Test
    void regressionSubsetsCarryTheirTargets() {
        LabeledDataset part = boston.train().subset(new int[] {3, 1}, "two");
        assertThat(part.targets()).containsExactly(boston.train().targets()[3], boston.train().targets()[1]);
        assertThat(part.labels()).containsExactly(boston.train().labels()[3], boston.train().labels()[1]);
        assertThat(part.isRegression()).isTrue();
        assertThat(Partitioner.of("dirichlet", 0.5, 10).partition(boston.train(), 3, 1)).hasNumberOfRows(3);
    }
}
