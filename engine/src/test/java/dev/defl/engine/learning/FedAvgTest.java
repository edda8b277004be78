package dev.defl.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FedAvgTest {
    private static ModelWeights weights(float[] w, float[] b) {
        Map<String, Tensor> t = new TreeMap<>();
        t.put("0.weight", new Tensor(new long[] {1, w.length}, w));
        t.put("0.bias", new Tensor(new long[] {b.length}, b));
        return new ModelWeights(t);
    }

    @Test
    void fedAvgWeightsBySampleCount() {
        ModelWeights a = weights(new float[] {1, 2, 3}, new float[] {0});
        ModelWeights b = weights(new float[] {5, 6, -1}, new float[] {4});
        ModelWeights avg = FedAvg.aggregate(List.of(new WeightedUpdate(a, 1), new WeightedUpdate(b, 3)));
        // (1·a + 3·b) / 4
        assertThat(avg.tensor("0.weight").values()).containsExactly(4f, 5f, 0f);
        assertThat(avg.tensor("0.bias").values()).containsExactly(3f);
        assertThat(avg.tensor("0.weight").shape()).containsExactly(1, 3);
    }

    @Test
    void singleUpdateIsReturnedUnchanged() {
        ModelWeights a = weights(new float[] {0.1f, -7.25f}, new float[] {1e-20f});
        assertThat(FedAvg.aggregate(List.of(new WeightedUpdate(a, 17)))).isEqualTo(a);
    }

    @Test
    void roundsOnceFromDoubleAccumulator() {
        // 0.1f and 0.2f averaged with equal weights: (double)0.1f + (double)0.2f, /2, rounded once to float
        ModelWeights a = weights(new float[] {0.1f}, new float[] {0});
        ModelWeights b = weights(new float[] {0.2f}, new float[] {0});
        float expected = (float) ((1.0 * 0.1f + 1.0 * 0.2f) / 2.0);
        assertThat(FedAvg.aggregate(List.of(new WeightedUpdate(a, 1), new WeightedUpdate(b, 1))).tensor("0.weight").values()[0])
                .isEqualTo(expected);
    }

    @Test
    void sameInputGivesIdenticalBits() {
        Random r = new Random(1);
        List<WeightedUpdate> updates = new java.util.ArrayList<>();
        for (int k = 0; k < 10; k++) {
            float[] w = new float[1000];
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            updates.add(new WeightedUpdate(weights(w, new float[] {r.nextFloat()}), 100 + k));
        }
        ModelWeights one = FedAvg.aggregate(updates);
        ModelWeights two = FedAvg.aggregate(List.copyOf(updates));
        assertThat(SafetensorsCodec.encode(one, Map.of())).isEqualTo(SafetensorsCodec.encode(two, Map.of()));
    }

    @Test
    void rejectsEmptyList() {
        assertThatThrownBy(() -> FedAvg.aggregate(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void rejectsNonPositiveSampleCountNamingTheUpdate() {
        ModelWeights a = weights(new float[] {1}, new float[] {1});
        assertThatThrownBy(() -> FedAvg.aggregate(List.of(new WeightedUpdate(a, 5), new WeightedUpdate(a, 0))))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("update 1").hasMessageContaining("numSamples 0");
    }

    @Test
    void rejectsShapeMismatchNamingTensorUpdateAndShapes() {
        ModelWeights a = weights(new float[] {1, 2}, new float[] {1});
        ModelWeights b = weights(new float[] {1, 2, 3}, new float[] {1});
        assertThatThrownBy(() -> FedAvg.aggregate(List.of(new WeightedUpdate(a, 1), new WeightedUpdate(b, 1))))
                .isInstanceOf(InvalidUpdateException.class)
                .hasMessageContaining("'0.weight'").hasMessageContaining("update 1").hasMessageContaining("[1, 3]").hasMessageContaining("[1, 2]");
    }

    @Test
    void rejectsDifferentTensorNames() {
        ModelWeights a = weights(new float[] {1}, new float[] {1});
        ModelWeights b = new ModelWeights(Map.of("0.weight", new Tensor(new long[] {1, 1}, new float[] {1})));
        assertThatThrownBy(() -> FedAvg.aggregate(List.of(new WeightedUpdate(a, 1), new WeightedUpdate(b, 1))))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("update 1");
    }

    @Test
    void rejectsNanAndInfinityNamingUpdateTensorAndElement() {
        ModelWeights a = weights(new float[] {1, 2}, new float[] {1});
        ModelWeights nan = weights(new float[] {1, Float.NaN}, new float[] {1});
        ModelWeights inf = weights(new float[] {1, 2}, new float[] {Float.NEGATIVE_INFINITY});
        assertThatThrownBy(() -> FedAvg.aggregate(List.of(new WeightedUpdate(a, 1), new WeightedUpdate(nan, 1))))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("update 1").hasMessageContaining("'0.weight'")
                .hasMessageContaining("element 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> FedAvg.aggregate(List.of(new WeightedUpdate(inf, 1), new WeightedUpdate(a, 1))))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("update 0").hasMessageContaining("'0.bias'")
                .hasMessageContaining("Infinity");
    }
}
