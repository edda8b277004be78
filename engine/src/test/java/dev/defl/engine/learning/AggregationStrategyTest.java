package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static dev.defl.engine.learning.StrategyVectors.model;
import static dev.defl.engine.learning.StrategyVectors.twoTensors;
import static dev.defl.engine.learning.StrategyVectors.updates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties every {@link AggregationStrategy} shares: determinism, input checks, server state discipline. */
class AggregationStrategyTest {
    private static final List<Supplier<AggregationStrategy>> ALL = List.of(
            FedAvgStrategy::new, FedAvgStrategy::fedProxServer, FedMedian::new, () -> new TrimmedMean(0.2),
            () -> Krum.krum(1), () -> Krum.multiKrum(1, 3), () -> new FedAvgM(1.0, 0.9),
            () -> new FedAdam(0.1, 0.9, 0.99, 1e-3), () -> new FedYogi(0.1, 0.9, 0.99, 1e-3),
            () -> new FedAdagrad(0.1, 0.9, 1e-3));

    private static List<WeightedUpdate> randomRound(Random r, ModelWeights global) {
        List<WeightedUpdate> out = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            float[] w = new float[500];
            float[] b = new float[3];
            float[] gw = global.tensor("0.weight").values();
            for (int i = 0; i < w.length; i++) w[i] = gw[i] + (float) r.nextGaussian() * 0.1f;
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
            out.add(new WeightedUpdate(twoTensors(w, b), 10 + r.nextInt(90)));
        }
        return out;
    }

    private static byte[] bytes(ModelWeights w) {
        return SafetensorsCodec.encode(w, Map.of());
    }

    @Test
    void sameRoundsGiveIdenticalBytesForEveryStrategy() {
        for (Supplier<AggregationStrategy> make : ALL) {
            AggregationStrategy a = make.get();
            AggregationStrategy b = make.get();
            Random ra = new Random(42);
            Random rb = new Random(42);
            ModelWeights ga = twoTensors(new float[500], new float[3]);
            ModelWeights gb = ga;
            for (int round = 0; round < 3; round++) {
                ga = a.aggregate(ga, randomRound(ra, ga));
                gb = b.aggregate(gb, randomRound(rb, gb));
                assertThat(bytes(ga)).as(a.name() + " round " + round).isEqualTo(bytes(gb));
            }
            assertThat(ga.tensor("0.weight").shape()).containsExactly(1, 500);
            assertThat(ga.tensor("0.bias").shape()).containsExactly(3);
        }
    }

    @Test
    void fedAvgStrategyIsBitIdenticalToFedAvg() {
        Random r = new Random(7);
        ModelWeights global = twoTensors(new float[500], new float[3]);
        List<WeightedUpdate> u = randomRound(r, global);
        assertThat(new FedAvgStrategy().aggregate(global, u)).isEqualTo(FedAvg.aggregate(u));
        assertThat(FedAvgStrategy.fedProxServer().aggregate(global, u)).isEqualTo(FedAvg.aggregate(u));
        assertThat(FedAvgStrategy.fedProxServer().name()).isEqualTo("fedprox");
    }

    @Test
    void nanUpdateIsRefusedNamingUpdateTensorAndElement() {
        for (Supplier<AggregationStrategy> make : ALL) {
            var u = updates(model(1, 2, 3, 4), model(1, 2, 3, 4), model(1, Float.NaN, 3, 4), model(1, 2, 3, 4));
            assertThatThrownBy(() -> make.get().aggregate(model(0, 0, 0, 0), u)).as(make.get().name())
                    .isInstanceOfSatisfying(InvalidUpdateException.class, e -> assertThat(e.updateIndex()).isEqualTo(2))
                    .hasMessage("update 2 tensor '0.weight' element 1 is NaN");
        }
    }

    @Test
    void shapeOrNameMismatchWithTheGlobalModelIsRefused() {
        for (Supplier<AggregationStrategy> make : ALL) {
            var wrongShape = updates(model(1, 2, 3, 4), model(1, 2, 3), model(1, 2, 3, 4), model(1, 2, 3, 4));
            assertThatThrownBy(() -> make.get().aggregate(model(0, 0, 0, 0), wrongShape))
                    .isInstanceOf(InvalidUpdateException.class)
                    .hasMessage("tensor '0.weight' of update 1 has shape [1, 3] but the global model has [1, 4]");
            var wrongNames = updates(model(1, 2, 3, 4), model(1, 2, 3, 4), model(1, 2, 3, 4),
                    twoTensors(new float[] {1, 2, 3, 4}, new float[] {0}));
            assertThatThrownBy(() -> make.get().aggregate(model(0, 0, 0, 0), wrongNames))
                    .isInstanceOf(InvalidUpdateException.class)
                    .hasMessage("update 3 has tensors [0.bias, 0.weight] but the global model has [0.weight]");
        }
    }

    @Test
    void emptyRoundAndNonPositiveSampleCountsAreRefused() {
        for (Supplier<AggregationStrategy> make : ALL) {
            String name = make.get().name();
            assertThatThrownBy(() -> make.get().aggregate(model(0, 0, 0, 0), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(name + " needs at least one update, got none");
            List<WeightedUpdate> zero = List.of(new WeightedUpdate(model(1, 1, 1, 1), 1), new WeightedUpdate(model(1, 1, 1, 1), 0));
            assertThatThrownBy(() -> make.get().aggregate(model(0, 0, 0, 0), zero))
                    .isInstanceOf(InvalidUpdateException.class).hasMessage("update 1 has numSamples 0, must be > 0");
        }
    }

    @Test
    void aFailedRoundLeavesServerStateUnchanged() {
        FedAdam s = new FedAdam(1.0, 0.5, 0.5, 1.0);
        var bad = updates(model(1, Float.NaN, 0, 7));
        assertThatThrownBy(() -> s.aggregate(model(0, 0, 0, 0), bad)).isInstanceOf(InvalidUpdateException.class);
        // same as the first round of a fresh instance (FedAdaptiveOptTest.fedAdamTwoRounds)
        assertThat(StrategyVectors.values(s.aggregate(model(0, 0, 0, 0), updates(model(1, -1, 0, 7)))))
                .containsExactly(0.25f, -0.25f, 0f, (float) (3.5 / 6));
        assertThatThrownBy(() -> s.aggregate(model(0, 0, 0), updates(model(1, 1, 1))))
                .hasMessage("fedadam server state for tensor '0.weight' has 4 elements but the global model's has 3");
    }

    @Test
    void copyCarriesServerStateAndEvolvesIndependently() {
        for (Supplier<AggregationStrategy> make : ALL) {
            AggregationStrategy committed = make.get();
            Random r = new Random(3);
            ModelWeights g0 = twoTensors(new float[500], new float[3]);
            List<WeightedUpdate> round1 = randomRound(r, g0);
            ModelWeights g1 = committed.aggregate(g0, round1);
            List<WeightedUpdate> round2 = randomRound(r, g1);
            // a losing proposal computed on a copy must not move the committed state
            committed.copy().aggregate(g1, randomRound(new Random(99), g1));
            ModelWeights fromCommitted = committed.copy().aggregate(g1, round2);
            AggregationStrategy replayed = make.get();
            replayed.aggregate(g0, round1);
            assertThat(bytes(fromCommitted)).as(committed.name()).isEqualTo(bytes(replayed.aggregate(g1, round2)));
        }
    }
}
