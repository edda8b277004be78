package dev.defl.engine.learning;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FedProx client side (Li et al. 2020): the proximal term μ/2·‖w − w_global‖² in {@link LocalTrainer}. */
class FedProxTrainerTest {
    private static final LocalTrainer trainer = new LocalTrainer();
    private static final ModelSpec SPEC = ModelSpec.twoNN(64, 10);
    private static LabeledDataset shard;

    @BeforeAll
    static void load() throws Exception {
        LabeledDataset train = Datasets.load("digits", 42).train();
        shard = train.subset(java.util.stream.IntStream.range(0, 300).toArray(), "digits/train[0:300]");
    }

    private static double squaredDistance(ModelWeights a, ModelWeights b) {
        double s = 0;
        for (String name : a.tensors().keySet()) {
            float[] x = a.tensor(name).values();
            float[] y = b.tensor(name).values();
            for (int i = 0; i < x.length; i++) s += ((double) x[i] - y[i]) * ((double) x[i] - y[i]);
        }
        return s;
    }

    @Test
    void proximalTermKeepsLocalWeightsCloserToTheGlobalModel() throws Exception {
        ModelWeights start = trainer.initialWeights(SPEC, 5);
        TrainResult plain = trainer.train(SPEC, start, shard, new TrainConfig(2, 32, 0.01, 3), (e, l, a) -> {}, () -> false);
        TrainResult prox = trainer.train(SPEC, start, shard, new TrainConfig(2, 32, 0.01, 3, 10.0), (e, l, a) -> {}, () -> false);
        assertThat(squaredDistance(prox.weights(), start)).isLessThan(squaredDistance(plain.weights(), start));
    }

    @Test
    void muZeroIsPlainTrainingBitForBit() throws Exception {
        ModelWeights start = trainer.initialWeights(SPEC, 6);
        TrainResult a = trainer.train(SPEC, start, shard, new TrainConfig(1, 32, 1e-3, 3), (e, l, x) -> {}, () -> false);
        TrainResult b = trainer.train(SPEC, start, shard, new TrainConfig(1, 32, 1e-3, 3, 0), (e, l, x) -> {}, () -> false);
        assertThat(SafetensorsCodec.encode(a.weights(), Map.of())).isEqualTo(SafetensorsCodec.encode(b.weights(), Map.of()));
    }

    @Test
    void proximalTrainingIsDeterministic() throws Exception {
        ModelWeights start = trainer.initialWeights(SPEC, 7);
        TrainConfig cfg = new TrainConfig(1, 32, 1e-3, 3, 0.5);
        TrainResult a = trainer.train(SPEC, start, shard, cfg, (e, l, x) -> {}, () -> false);
        TrainResult b = trainer.train(SPEC, start, shard, cfg, (e, l, x) -> {}, () -> false);
        assertThat(a.weights()).isEqualTo(b.weights());
    }

    @Test
    void negativeMuIsRefused() {
        assertThatThrownBy(() -> new TrainConfig(1, 32, 1e-3, 3, -0.1))
                .hasMessage("FedProx proximal μ must be a finite number >= 0, got -0.1");
    }
}
