package dev.defl.engine.learning;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Trains the McMahan et al. 2017 CNN briefly on real Fashion-MNIST rows (CPU; a few seconds). */
class CnnTrainingTest {
    private static final LocalTrainer trainer = new LocalTrainer();
    private static final ModelSpec CNN = ModelSpec.cnn(1, 28, 28, 10);
    private static LabeledDataset small;

    @BeforeAll
    static void load() throws Exception {
        LabeledDataset train = FashionMnist.load(FashionMnist.DEFAULT_DIR).train();
        small = train.subset(IntStream.range(0, 256).toArray(), "fashion-mnist/train[0:256]");
    }

    @Test
    void cnnInitialWeightsAreDeterministicAndNamedLikePyTorch() {
        ModelWeights a = trainer.initialWeights(CNN, 5);
        ModelWeights b = trainer.initialWeights(CNN, 5);
        assertThat(SafetensorsCodec.encode(a, CNN.toMetadata())).isEqualTo(SafetensorsCodec.encode(b, CNN.toMetadata()));
        assertThat(a).isNotEqualTo(trainer.initialWeights(CNN, 6));
        assertThat(a.matches(CNN)).isTrue();
        assertThat(a.matches(ModelSpec.twoNN(784, 10))).isFalse();
        assertThat(a.tensors().keySet()).containsExactlyInAnyOrder("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias");
        assertThat(a.tensor("0.weight").shape()).containsExactly(32, 1, 5, 5);
        assertThat(a.tensor("7.weight").shape()).containsExactly(512, 3136);
        assertThat(a.parameterCount()).isEqualTo(CNN.parameterCount());
        float bound = (float) Math.sqrt(6.0 / 25); // He-uniform, fan-in 1·5·5
        for (float v : a.tensor("0.weight").values()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        assertThat(a.tensor("3.bias").values()).containsOnly(0f);
    }

    @Test
    void cnnTrainingOnFashionMnistLowersTheLoss() throws Exception {
        ModelWeights start = trainer.initialWeights(CNN, 1);
        EvalResult before = trainer.evaluate(CNN, start, small);
        TrainResult r = trainer.train(CNN, start, small, new TrainConfig(1, 32, TrainConfig.DEFAULT_LEARNING_RATE, 3), (e, l, a) -> { }, () -> false);
        EvalResult after = trainer.evaluate(CNN, r.weights(), small);
        assertThat(r.weights().matches(CNN)).isTrue();
        assertThat(r.numSamples()).isEqualTo(256);
        assertThat(after.loss()).isLessThan(before.loss());
        assertThat(after.accuracy()).isGreaterThan(before.accuracy()).isGreaterThan(0.3);
    }

    @Test
    void cnnWeightsRoundTripThroughSafetensors() throws Exception {
        ModelWeights w = trainer.initialWeights(CNN, 8);
        Map<String, String> meta = SafetensorsCodec.modelMetadata(CNN, small);
        SafetensorsFile file = SafetensorsCodec.decode(SafetensorsCodec.encode(w, meta));
        assertThat(file.weights()).isEqualTo(w);
        assertThat(file.metadata()).containsEntry(ModelSpec.KEY_INPUT_SHAPE, "1,28,28");
        assertThat(ModelSpec.fromMetadata(file.metadata())).isEqualTo(CNN);
    }
}
