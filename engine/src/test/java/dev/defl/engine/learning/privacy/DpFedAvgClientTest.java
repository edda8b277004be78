package dev.defl.engine.learning.privacy;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

class DpFedAvgClientTest {

    /** Two tensors shaped like a small Linear layer; values from a seeded RNG (test data only, not the DP noise). */
    private static ModelWeights weights(long seed, double spread) {
        Random r = new Random(seed);
        float[] w = new float[30 * 20], b = new float[20];
        for (int i = 0; i < w.length; i++) w[i] = (float) (spread * r.nextGaussian());
        for (int i = 0; i < b.length; i++) b[i] = (float) (spread * r.nextGaussian());
        Map<String, Tensor> t = new TreeMap<>();
        t.put("0.weight", new Tensor(new long[] {20, 30}, w));
        t.put("0.bias", new Tensor(new long[] {20}, b));
        return new ModelWeights(t);
    }

    /** {@code a + s·(b − a)}. */
    private static ModelWeights along(ModelWeights a, ModelWeights b, double s) {
        Map<String, Tensor> t = new TreeMap<>();
        a.tensors().forEach((name, ta) -> {
            float[] va = ta.values(), vb = b.tensor(name).values(), v = new float[va.length];
            for (int i = 0; i < v.length; i++) v[i] = (float) (va[i] + s * ((double) vb[i] - va[i]));
            t.put(name, new Tensor(ta.shape(), v));
        });
        return new ModelWeights(t);
    }

    private static ModelWeights zeros(int n) {
        return new ModelWeights(Map.of("w", new Tensor(new long[] {n}, new float[n])));
    }

    @Test
    void clippingBoundsTheNormToC() {
        ModelWeights global = weights(1, 1.0);
        ModelWeights trained = along(global, weights(2, 1.0), 1.0);
        double norm = DpFedAvgClient.deltaNorm(global, trained);
        assertThat(norm).isGreaterThan(10);
        DpFedAvgClient.Result r = DpFedAvgClient.privatize(global, trained, new DpFedAvgClient.Params(1.0, 0, 10));
        assertThat(r.preClipNorm()).isCloseTo(norm, withinPercentage(1e-12));
        assertThat(r.scale()).isCloseTo(1.0 / norm, withinPercentage(1e-12));
        assertThat(r.withinClipNorm()).isFalse();
        // Exactly C up to the F32 rounding of the result.
        assertThat(DpFedAvgClient.deltaNorm(global, r.weights())).isCloseTo(1.0, withinPercentage(1e-4));
        assertThat(r.weights().sameShapes(global)).isTrue();
    }

    @Test
    void aDeltaWithinCIsUnchangedBeforeNoise() {
        ModelWeights global = weights(3, 1.0);
        ModelWeights trained = along(global, weights(4, 1.0), 0.01);
        double norm = DpFedAvgClient.deltaNorm(global, trained);
        assertThat(norm).isLessThan(1);
        DpFedAvgClient.Result r = DpFedAvgClient.privatize(global, trained, new DpFedAvgClient.Params(1.0, 0, 5));
        assertThat(r.scale()).isEqualTo(1.0);
        assertThat(r.withinClipNorm()).isTrue();
        assertThat(r.weights()).isEqualTo(trained); // bit-identical
    }

    @Test
    void noiseHasStandardDeviationZCOverRootM() {
        int n = 200_000;
        DpFedAvgClient.Params p = new DpFedAvgClient.Params(0.5, 1.2, 9); // σ = 1.2·0.5/3 = 0.2
        assertThat(p.perUpdateNoiseStdDev()).isCloseTo(0.2, offset(1e-15));
        DpFedAvgClient.Result r = DpFedAvgClient.privatize(zeros(n), zeros(n), p);
        assertThat(r.noiseStdDev()).isCloseTo(0.2, offset(1e-15));
        float[] v = r.weights().tensor("w").values();
        double sum = 0, sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
        // The sample sd's standard error is σ/√(2n) ≈ 0.16 % here; allow 2 %.
        assertThat(sd).isCloseTo(0.2, withinPercentage(2));
        assertThat(Math.abs(mean)).isLessThan(6 * 0.2 / Math.sqrt(n));
    }

    @Test
    void noiseIsFreshEachCall() {
        DpFedAvgClient.Params p = new DpFedAvgClient.Params(1, 1, 1);
        ModelWeights a = DpFedAvgClient.privatize(zeros(16), zeros(16), p).weights();
        ModelWeights b = DpFedAvgClient.privatize(zeros(16), zeros(16), p).weights();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void clippedThenNoisedDeltaIsCenteredOnTheClippedDelta() {
        ModelWeights global = zeros(50_000);
        float[] t = new float[50_000];
        java.util.Arrays.fill(t, 0.01f); // ‖Δ‖ = 0.01·√50000 ≈ 2.236
        ModelWeights trained = new ModelWeights(Map.of("w", new Tensor(new long[] {t.length}, t)));
        DpFedAvgClient.Result r = DpFedAvgClient.privatize(global, trained, new DpFedAvgClient.Params(1.0, 1.0, 100), new SecureRandom());
        double mean = 0;
        for (float x : r.weights().tensor("w").values()) mean += x;
        mean /= t.length;
        double clipped = 0.01 / (0.01 * Math.sqrt(t.length)); // each coordinate after clipping to C = 1
        assertThat(mean).isCloseTo(clipped, offset(6 * 0.1 / Math.sqrt(t.length)));
    }

    @Test
    void badInputsNameWhatWasWrong() {
        ModelWeights g = zeros(4);
        ModelWeights nan = new ModelWeights(Map.of("w", new Tensor(new long[] {4}, new float[] {0, 0, Float.NaN, 0})));
        DpFedAvgClient.Params p = new DpFedAvgClient.Params(1, 1, 1);
        assertThatThrownBy(() -> DpFedAvgClient.privatize(g, nan, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained weights").hasMessageContaining("'w'").hasMessageContaining("index 2");
        assertThatThrownBy(() -> DpFedAvgClient.privatize(nan, g, p)).hasMessageContaining("global weights");
        assertThatThrownBy(() -> DpFedAvgClient.privatize(g, zeros(5), p)).hasMessageContaining("do not match");
        assertThatThrownBy(() -> new DpFedAvgClient.Params(0, 1, 1)).hasMessageContaining("clip norm C");
        assertThatThrownBy(() -> new DpFedAvgClient.Params(Double.NaN, 1, 1)).hasMessageContaining("clip norm C");
        assertThatThrownBy(() -> new DpFedAvgClient.Params(1, -0.5, 1)).hasMessageContaining("noise multiplier z");
        assertThatThrownBy(() -> new DpFedAvgClient.Params(1, Double.NaN, 1)).hasMessageContaining("noise multiplier z");
        assertThatThrownBy(() -> new DpFedAvgClient.Params(1, 1, 0)).hasMessageContaining("clients per round m");
    }
}
