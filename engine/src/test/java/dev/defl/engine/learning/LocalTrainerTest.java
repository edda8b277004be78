package dev.defl.engine.learning;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTrainerTest {
    private static DatasetSplit digits;
    private static final LocalTrainer trainer = new LocalTrainer();
    private static final ModelSpec SPEC = ModelSpec.twoNN(64, 10);

    @BeforeAll
    static void load() throws Exception {
        digits = Datasets.load("digits", 42);
    }

    @Test
    void deviceIsDescribed() {
        assertThat(LocalTrainer.deviceDescription()).startsWith("CPU (PyTorch 2.7.1, ");
    }

    @Test
    void initialWeightsAreDeterministicAndFitTheSpec() {
        ModelWeights a = trainer.initialWeights(SPEC, 9);
        ModelWeights b = trainer.initialWeights(SPEC, 9);
        assertThat(SafetensorsCodec.encode(a, Map.of())).isEqualTo(SafetensorsCodec.encode(b, Map.of()));
        assertThat(a).isNotEqualTo(trainer.initialWeights(SPEC, 10));
        assertThat(a.matches(SPEC)).isTrue();
        assertThat(a.parameterCount()).isEqualTo(SPEC.parameterCount()).isEqualTo(64 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10);
        assertThat(a.tensor("0.weight").shape()).containsExactly(200, 64);
        assertThat(a.tensor("4.bias").shape()).containsExactly(10);
    }

    @Test
    void twoNNReaches90PercentOnDigitsInAFewEpochs() throws Exception {
        ModelWeights start = trainer.initialWeights(SPEC, 1);
        EvalResult before = trainer.evaluate(SPEC, start, digits.test());
        List<EpochMetrics> seen = new ArrayList<>();
        TrainResult r = trainer.train(SPEC, start, digits.train(), new TrainConfig(5, 32, TrainConfig.DEFAULT_LEARNING_RATE, 3),
                (e, loss, acc) -> seen.add(new EpochMetrics(e, loss, acc)), () -> false);
        EvalResult after = trainer.evaluate(SPEC, r.weights(), digits.test());
        assertThat(r.numSamples()).isEqualTo(1437);
        assertThat(r.epochs()).hasSize(5).isEqualTo(seen);
        assertThat(r.epochs().getFirst().epoch()).isEqualTo(1);
        assertThat(r.epochs().getLast().loss()).isLessThan(r.epochs().getFirst().loss());
        assertThat(r.weights().sameShapes(start)).isTrue();
        assertThat(after.samples()).isEqualTo(360);
        assertThat(after.accuracy()).isGreaterThanOrEqualTo(0.90).isGreaterThan(before.accuracy());
        assertThat(after.loss()).isLessThan(before.loss());
    }

    @Test
    void twoNNInitialModelBytesAreThoseOfEarlierReleases() throws Exception {
        // SHA-256 of the safetensors file of the 2NN digits model, seed 7, as written before the CNN was added:
        // the initial model CID of a default run must not change.
        byte[] file = SafetensorsCodec.encode(trainer.initialWeights(SPEC, 7), SafetensorsCodec.modelMetadata(SPEC, Datasets.load("digits", 7).train()));
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file)))
                .isEqualTo("0ca22ac488d4cdd95adaf2d245e178dbea4af257a3bd62dfb4ff6330dcd43893");
    }

    @Test
    void binaryLogisticRegressionTrainsThoughItsFirstGradientsSumToZero() throws Exception {
        // With no hidden layer and two classes the softmax gradients of the two output rows cancel exactly; DJL's
        // Trainer.step() refuses such a first step ("Gradient values are all zeros").
        int n = 200;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[2 * i] = (float) (random.nextGaussian() + (y[i] == 1 ? 2 : -2));
            x[2 * i + 1] = (float) random.nextGaussian();
        }
        LabeledDataset data = new LabeledDataset("two-blobs", x, y, 2, 2, null, "none");
        ModelSpec logreg = ModelSpec.logisticRegression(2, 2);
        TrainResult r = trainer.train(logreg, trainer.initialWeights(logreg, 1), data,
                new TrainConfig(5, 16, 0.05, 1), EpochListener.NONE, () -> false);
        assertThat(trainer.evaluate(logreg, r.weights(), data).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void logisticRegressionLearnsDigitsWellAboveChance() throws Exception {
        ModelSpec logreg = ModelSpec.logisticRegression(64, 10);
        ModelWeights start = trainer.initialWeights(logreg, 1);
        assertThat(start.tensors().keySet()).containsExactly("0.bias", "0.weight");
        TrainResult r = trainer.train(logreg, start, digits.train(), new TrainConfig(5, 32, 1e-2, 3), (e, loss, acc) -> { }, () -> false);
        EvalResult after = trainer.evaluate(logreg, r.weights(), digits.test());
        assertThat(r.weights().matches(logreg)).isTrue();
        assertThat(after.accuracy()).isGreaterThan(0.8);
    }

    @Test
    void cnnTrainsOnEightByEightDigits() throws Exception {
        ModelSpec cnn = ModelSpec.cnn(1, 8, 8, 10);
        TrainResult r = trainer.train(cnn, trainer.initialWeights(cnn, 1), digits.train(), new TrainConfig(1, 64, TrainConfig.DEFAULT_LEARNING_RATE, 3),
                (e, loss, acc) -> { }, () -> false);
        assertThat(r.weights().tensor("7.weight").shape()).containsExactly(512, 64 * 2 * 2);
        assertThat(trainer.evaluate(cnn, r.weights(), digits.test()).accuracy()).isGreaterThan(0.3);
    }

    @Test
    void trainingDoesNotModifyStartWeights() throws Exception {
        ModelWeights start = trainer.initialWeights(SPEC, 2);
        byte[] before = SafetensorsCodec.encode(start, Map.of());
        trainer.train(SPEC, start, digits.train(), new TrainConfig(1, 64, 1e-3, 1), EpochListener.NONE, () -> false);
        assertThat(SafetensorsCodec.encode(start, Map.of())).isEqualTo(before);
    }

    @Test
    void cancellationStopsBetweenBatches() {
        ModelWeights start = trainer.initialWeights(SPEC, 2);
        int[] polls = {0};
        assertThatThrownBy(() -> trainer.train(SPEC, start, digits.train(), new TrainConfig(2, 32, 1e-3, 1), EpochListener.NONE,
                () -> ++polls[0] > 3))
                .isInstanceOf(TrainingCancelledException.class).hasMessageContaining("epoch 1").hasMessageContaining("mini-batch 3");
    }

    @Test
    void repeatedCallsLeaveNoNativeArraysBehind() throws Exception {
        LabeledDataset small = digits.train().subset(java.util.stream.IntStream.range(0, 64).toArray(), "digits/small");
        ModelWeights w = trainer.initialWeights(SPEC, 4);
        trainer.train(SPEC, w, small, new TrainConfig(1, 32, 1e-3, 1), EpochListener.NONE, () -> false);
        ai.djl.ndarray.NDManager system;
        try (ai.djl.ndarray.NDManager probe = ai.djl.engine.Engine.getEngine(LocalTrainer.ENGINE).newBaseManager()) {
            system = probe.getParentManager();
        }
        int before = system.getManagedArrays().size();
        for (int i = 0; i < 30; i++) {
            w = trainer.train(SPEC, w, small, new TrainConfig(1, 32, 1e-3, i), EpochListener.NONE, () -> false).weights();
            trainer.evaluate(SPEC, w, small);
        }
        assertThat(system.getManagedArrays()).hasSize(before);
    }

    @Test
    void sameSeedTrainsToSameWeights() throws Exception {
        LabeledDataset small = digits.train().subset(java.util.stream.IntStream.range(0, 200).toArray(), "digits/small");
        ModelWeights w = trainer.initialWeights(SPEC, 4);
        TrainConfig cfg = new TrainConfig(2, 16, 1e-3, 5);
        ModelWeights a = trainer.train(SPEC, w, small, cfg, EpochListener.NONE, () -> false).weights();
        ModelWeights b = trainer.train(SPEC, w, small, cfg, EpochListener.NONE, () -> false).weights();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void rejectsWeightsOfAnotherShape() {
        ModelWeights other = trainer.initialWeights(ModelSpec.twoNN(784, 10), 1);
        assertThatThrownBy(() -> trainer.evaluate(SPEC, other, digits.test())).isInstanceOf(IllegalArgumentException.class);
    }
}
