package dev.defl.engine.learning.privacy;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Adaptive clipping as the clients and aggregators of a task run it: noised bits in metadata, C in the global model. */
class AdaptiveClippingTest {
    private final SecureRandom random = new SecureRandom();

    private static AdaptiveClipping forTask(double z, double quantile, int m) {
        return AdaptiveClipping.forTask(new DpSetting(0.1, z, 1e-5, quantile), m);
    }

    /** The aggregators' side: the bits each update reports, in order, in its metadata. */
    private static List<Map<String, String>> reported(double... bits) {
        List<Map<String, String>> out = new ArrayList<>();
        for (double b : bits) out.add(AdaptiveClipping.updateMetadata(Map.of("model", "mlp"), b));
        return out;
    }

    @Test
    void theNextClipNormIsTheGeometricStepOfTheMeanReportedBit() {
        AdaptiveClipping a = forTask(0, 0.5, 4);
        // b̄ = (1 + 0 + 1 + 1) / 4 = 0.75: C shrinks by exp(−0.2 · 0.25)
        assertThat(a.nextClipNorm(2.0, reported(1, 0, 1, 1))).isEqualTo(2.0 * StrictMath.exp(-0.2 * 0.25));
        // none within: grows by exp(0.1); exactly the target: unchanged
        assertThat(a.nextClipNorm(2.0, reported(0, 0, 0, 0))).isEqualTo(2.0 * StrictMath.exp(0.1));
        assertThat(a.nextClipNorm(2.0, reported(1, 0, 1, 0))).isEqualTo(2.0);
        // a missing or malformed bit counts as 0; a wild one is clamped to b̄ ∈ [−1, 2]
        List<Map<String, String>> odd = new ArrayList<>(reported(1, 1, 1));
        odd.add(Map.of(AdaptiveClipping.KEY_WITHIN_CLIP, "NaN"));
        assertThat(a.nextClipNorm(2.0, odd)).isEqualTo(a.nextClipNorm(2.0, reported(1, 1, 1, 0)));
        assertThat(a.nextClipNorm(2.0, reported(1e9, 0, 0, 0))).isEqualTo(2.0 * StrictMath.exp(-0.2 * 1.5));
    }

    @Test
    void equalNoisedBitsGiveEqualClipNormsAndMetadata() {
        AdaptiveClipping a = forTask(0.2, 0.5, 5);
        double[] bits = new double[5];
        for (int i = 0; i < bits.length; i++) bits[i] = a.noisedBit(i % 2 == 0, random);
        double c1 = a.nextClipNorm(0.3, reported(bits)), c2 = forTask(0.2, 0.5, 5).nextClipNorm(0.3, reported(bits.clone()));
        assertThat(c1).isEqualTo(c2);
        Map<String, String> global = AdaptiveClipping.globalMetadata(Map.of("model", "mlp"), c1);
        assertThat(global).isEqualTo(AdaptiveClipping.globalMetadata(Map.of("model", "mlp"), c2))
                .containsEntry(AdaptiveClipping.KEY_CLIP_NORM, Double.toString(c1));
        // the next round's clients read it back exactly; a model without it (round 1) gives the initial C
        assertThat(AdaptiveClipping.clipNorm(global, 0.1)).isEqualTo(c1);
        assertThat(AdaptiveClipping.clipNorm(Map.of("model", "mlp"), 0.1)).isEqualTo(0.1);
    }

    @Test
    void clipNormMovesToTheTargetQuantileOfKnownNorms() {
        // 20 clients a round with update norms 0.05 … 1.00; each reports its noised bit, the aggregators step C.
        int m = 20;
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) norms[i] = (i + 1) / 20.0;
        for (double target : new double[] {0.5, 0.8}) {
            AdaptiveClipping a = forTask(0, target, m);
            double c = 0.01;
            double sum = 0;
            for (int round = 0; round < 400; round++) {
                double[] bits = new double[m];
                for (int i = 0; i < m; i++) bits[i] = a.noisedBit(norms[i] <= c, random);
                c = a.nextClipNorm(c, reported(bits));
                if (round >= 300) sum += c;
            }
            assertThat(sum / 100).as("mean C over rounds 300..399, target %s", target).isCloseTo(target, withinPercentage(12));
        }
    }

    @Test
    void eachBitCarriesNoiseSigmaBOverRootM() {
        AdaptiveClipping a = forTask(1, 0.5, 100); // σ_b = 5, per bit 5/√100 = 0.5
        assertThat(a.bitNoiseStdDev()).isEqualTo(0.5);
        int n = 20_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double b = a.noisedBit(true, random);
            sum += b;
            sq += b * b;
        }
        double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
        assertThat(sd).isCloseTo(0.5, withinPercentage(5));
        assertThat(mean).isCloseTo(1.0, offset(6 * 0.5 / Math.sqrt(n)));
    }

    @Test
    void theUpdatesUseTheAdjustedMultiplierSoTheTotalStaysZ() {
        AdaptiveClipping a = forTask(1, 0.5, 100); // σ_b = 5
        assertThat(a.noiseMultiplier()).isEqualTo(1.0);
        assertThat(a.updateNoiseMultiplier()).isCloseTo(Math.pow(1 - Math.pow(2 * 5.0, -2), -0.5), offset(1e-12));
        // 1/z² = 1/z_Δ² + 1/(2σ_b)²
        assertThat(1 / Math.pow(a.updateNoiseMultiplier(), 2) + 1 / Math.pow(2 * 5.0, 2)).isCloseTo(1.0, offset(1e-12));
        assertThat(a.clientParams(0.7)).isEqualTo(new DpFedAvgClient.Params(0.7, a.updateNoiseMultiplier(), 100));
        assertThat(forTask(0, 0.5, 3).updateNoiseMultiplier()).isZero();
    }

    @Test
    void withFewClientsARoundTheCountIsNoisedWithZSoTheUpdatesPayAtMostTwoOverRootThree() {
        AdaptiveClipping a = forTask(1.49, 0.5, 10); // m/20 = 0.5 leaves no room for z = 1.49: σ_b = z
        assertThat(a.rule().countNoise()).isEqualTo(1.49);
        assertThat(a.updateNoiseMultiplier()).isCloseTo(1.49 * 2 / Math.sqrt(3), offset(1e-12));
        assertThat(forTask(1, 0.5, 100).rule().countNoise()).isEqualTo(5.0); // the paper's m/20 where it suffices
    }

    @Test
    void refusesWhatCannotWorkNamingIt() {
        assertThatThrownBy(() -> AdaptiveClipping.forTask(new DpSetting(1, 1, 1e-5), 100))
                .hasMessageContaining("has no adaptive clipping");
        assertThatThrownBy(() -> AdaptiveClipping.clipNorm(Map.of(AdaptiveClipping.KEY_CLIP_NORM, "-1"), 0.1))
                .hasMessageContaining(AdaptiveClipping.KEY_CLIP_NORM).hasMessageContaining("-1");
        assertThatThrownBy(() -> new DpSetting(1, 1, 1e-5, 1.5)).hasMessageContaining("target quantile must be in [0, 1], got 1.5");
    }
}
